from kindlead.cli import main

main()
