from kindlead._entry import main

main()
