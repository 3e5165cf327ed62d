"""Classes of words, for the sense model: cues that carry to words the corpus lacks.

The model learns a weight for "a word about money near the phrase" as well as for
each word, so "buy-in" next to "escrow" (a word no corpus entry has) still leans
toward the money sense. Words are in their plain form (`kindlead.lint.sense.stem`:
lower case, no plural s, no possessive). A word can be in more than one class.
"""

from __future__ import annotations

_CLASSES = {
    # people one works with, and groups of them
    "people": """
        team staff employee colleague coworker co-worker stakeholder leadership leader manager
        management engineer developer dev designer tester qa analyst architect admin nurse
        midwife teacher lecturer professor faculty doctor physician clinician surgeon
        consultant registrar gp pharmacist dentist hygienist receptionist technician tech
        boss exec executive director vp svp evp ceo cfo cto coo cio ciso founder
        co-founder owner head lead supervisor foreman forewoman superintendent workforce
        crew squad department dept org organisation organization company people everyone
        everybody anyone anybody nobody peer volunteer union rep representative steward
        sceptic skeptic doubter holdout naysayer cynic detractor laggard member board
        committee folk worker operator driver dispatcher agent officer clerk coordinator
        administrator principal headteacher governor trustee sponsor decision-maker partner
        associate report direct-report subordinate hire joiner starter intern apprentice
        mentor coach chair chairperson council councillor minister mp backbencher senator
        unit ward shift branch site store depot plant warehouse office clinic school
        district region regional division group function frontline front-line floor
        vendor contractor pm po scrum product-owner sre ops devops salesperson rep
    """,
    # what a leader introduces
    "idea": """
        idea plan change proposal initiative process vision strategy approach reorg re-org
        reorganisation reorganization rollout roll-out migration roadmap policy tool
        framework methodology rota roster pilot transformation restructure restructuring
        programme program workflow agenda okr kpi cadence standup stand-up template
        checklist handover procedure practice system platform software app portal
        scheduling schedule pattern structure model redesign overhaul merger consolidation
        standard guideline protocol format form method agile scrum kanban curriculum
        rubric quota target goal budget cut freeze mandate rule rules
    """,
    # money, investing, ownership, deals and markets
    "money": """
        fund investor investment share stake equity capital valuation price pricing fee
        cost minimum dollar pound euro cent pence buck grand k firm franchise franchisee
        franchisor securities security settlement trade trading broker delivery fail
        csdr mbo mbi bimbo buyout buy-out acquisition deal financing finance loan lender
        bank debt mezzanine stock bond market profit ownership associateship
        partnership payment paid pay cash cheque check escrow purchase purchaser seller
        vendor liquidity portfolio asset allocation dividend return interest rate
        pension scheme annuity insurer premium syndicate co-op coop timeshare property
        mortgage tax exit sale contract margin revenue earnings ebitda multiple goodwill
        clearing custodian counterparty isin t+2 t+1 dtc
    """,
    # games, bets and entry fees
    "game": """
        poker tournament tourney chip chips blind rebuy re-buy add-on addon freeroll
        satellite casino table dealer pot rake hold'em holdem omaha card cards deck bet
        bettor wager sit-and-go sng cash-game league player game gaming esport esports
        fantasy draft bracket pool sweepstake raffle quiz bingo chess bridge mahjong
        euchre darts bowling golf skin skins prize payout jackpot entry entrant stack
    """,
    "sports": """
        match season goal striker keeper goalkeeper defender midfielder fixture derby
        playoff playoffs championship title cup trophy final semi-final quarter-final
        score scored scoring win wins won defeat beat rival opponent squad fan fans
        crowd stadium pitch innings wicket over bowler batsman batter race lap bend
        furlong horse jockey marathon medal podium referee umpire coach manager
        club transfer
    """,
    # aboard something, or something built in
    "vehicle": """
        ship plane flight train bus coach ferry boat yacht aircraft airliner jet
        passenger cabin crew airline airport gate runway cruise vessel spacecraft
        rocket rover iss station satellite probe lander capsule submarine tram metro
        carriage deck aboard captain pilot steward stewardess seat seatbelt luggage
        baggage cargo freight sensor gpu cpu camera battery wifi wi-fi charger chip
        chipset processor memory storage modem radio antenna gps device hardware
        firmware drone car truck lorry van vehicle ev
    """,
    # joining an organisation
    "joining": """
        hire hiring new starter joiner recruit recruitment welcome buddy induction
        orientation laptop account badge onboarding first-day day-one paperwork
        contract offer candidate applicant probation payroll credentials access
    """,
    "legal": """
        jury juror judge court trial counsel attorney lawyer barrister solicitor
        prosecution prosecutor defendant defence defense tribunal arbitrator arbitration
        plaintiff claimant testimony witness verdict litigation appeal hearing magistrate
        sentencing case brief motion objection sustained overruled
    """,
    # customers, markets and the public
    "customer": """
        customer client buyer prospect lead sales sale product consumer shopper
        subscriber user audience donor voter constituent patient guest visitor member
        marketplace retail retailer shop store ecommerce e-commerce checkout cart
        brand marketing advert ad campaign funnel conversion pilot-customer
        pitch-deck investor vc angel crowdfunding procurement renewal renew renewed
        competitor vendor supplier contract account rfp tender bid quote invoice
        prospecting cold-call quota upsell churn pipeline
    """,
    # physics, medicine and the body
    "physical": """
        electrical electric voltage ohm resistor resistance circuit current wire wind
        drag friction thermal heat insulation corrosion antibiotic antimicrobial bacteria
        bacterial microbe pathogen infection virus drug insulin tumour tumor cancer cell
        muscle band workout exercise strength training gym rep reps set sets weight
        pain tyre tire spring hinge door crowd weed pest herbicide pesticide
    """,
    # a formal step of a process
    "governance": """
        committee cab audit auditor compliance review reviewer ticket request form
        workflow approval approver sign-off signoff minutes vote quorum motion resolution
        regulator regulation regulatory legal change-advisory uat acceptance-criteria
        checklist gate stage-gate procurement policy-owner
    """,
    # family and friends
    "family": """
        husband wife spouse partner kid kids child children son daughter mum mom dad
        mother father parent parents teenager teen toddler brother sister sibling
        grandma grandpa grandparent friend friends flatmate roommate neighbour neighbor
        girlfriend boyfriend fiance fiancee in-law
    """,
    # asking for advice
    "asking": """
        how tips tip advice any anyone suggestion suggestions help what why should
        best way ways strategy strategies step steps guide
    """,
    # words that name and reject
    "rejects": """
        instead rather stop not never beyond forget replace without isn't don't doesn't
        aren't wasn't weren't no wrong than myth trap mistake avoid drop ditch quit
    """,
    # cooperation
    "together": """
        together ideas idea ask asking asked target share shared shape co-create
        co-design collaborate collaboration listen listening input suggestion propose
        build-on contribute contribution jointly we-decide workshop
    """,
    # getting, building and securing
    "seek": """
        get getting got gain gaining gained win winning won secure securing secured
        earn earning earned build building built drive driving drove need needed want
        wanted lack lacking without seek seeking garner rally enlist obtain achieve
        generate foster create increase boost grow maximise maximize strengthen
    """,
    "owner": "their your our my his her its whose everyone's",
    "persons": "i we you i'm we're you're i'll we'll you'll i've we've us me i'd we'd",
    "pronoun": "them they him her he she",
    # settling and closing
    "settled": """
        final decided settled done mandatory compulsory required require must
        non-negotiable nonnegotiable exception exceptions compliance comply immediately
        effective enforce enforced consequence discipline disciplinary insubordination
        instruction order orders directive expect expected
    """,
}

CLASSES: dict[str, frozenset[str]] = {
    name: frozenset(words.split()) for name, words in _CLASSES.items()
}
