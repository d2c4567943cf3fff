"""English business idioms and slang that rarely survive translation (pattern families, not quotes).

Each entry is a regex fragment matched case-insensitively on word boundaries; inflections and
small variations are allowed where people vary them ("touch base" / "touching base").
"""

IDIOMS = [
    r"touch(?:ing|ed)? base", r"circl(?:e|ing) back", r"ball ?park(?: figure| number| estimate)?", r"slam[- ]dunk",
    r"no[- ]brainer", r"low[- ]hanging fruit", r"move the needle", r"boil(?:ing)? the ocean", r"drop(?:ped|s)? the ball",
    r"the ball is in (?:your|our) court", r"back to the drawing board", r"bite the bullet", r"hit the ground running",
    r"think(?:ing)? outside the box", r"piece of cake", r"ducks in a row", r"on the same page", r"bang for (?:the|your|our) buck",
    r"heads[- ]up", r"game[- ]changer", r"run it up the flagpole", r"keep (?:me|us|you) in the loop", r"loop (?:you|him|her|them) in",
    r"give it a shot", r"long shot", r"red tape", r"cut(?:ting)? corners", r"under the weather", r"elephant in the room",
    r"home run", r"step up to the plate", r"out of left field", r"cover (?:all )?(?:the|our) bases", r"the whole nine yards",
    r"can of worms", r"beat(?:ing)? around the bush", r"cut to the chase", r"jump(?:ed|ing)? the gun", r"rock the boat",
    r"learn(?:ing)? the ropes", r"tall order", r"sweet spot", r"par for the course", r"knock it out of the park",
    r"throw (?:\w+ )?under the bus", r"bells and whistles", r"get the ball rolling", r"by the book", r"call it a day",
    r"go the extra mile", r"hit the nail on the head", r"in a nutshell", r"let the cat out of the bag", r"once in a blue moon",
    r"pull out all the stops", r"two birds with one stone", r"up in the air", r"on the back burner", r"push(?:ing)? the envelope",
    r"in the same boat", r"skin in the game", r"move the goal ?posts", r"level playing field", r"put a pin in (?:it|that)",
    r"bring to the table", r"in (?:my|our|your) wheelhouse", r"blue[- ]sky thinking", r"open the kimono", r"eat our own dog ?food",
    r"sharpen (?:the|your|our) pencil", r"in the weeds", r"a piece of the pie", r"hammer (?:it |this |that )?out",
    r"bob(?:'|’)s your uncle", r"spitball(?:ing)?", r"kick the can down the road", r"hail mary", r"curve ?ball",
    r"full[- ]court press", r"home stretch", r"down to the wire", r"neck of the woods", r"sweeten the deal", r"pie in the sky",
    r"smoke and mirrors", r"cash cow", r"bite off more than", r"out of the woods", r"skin of our teeth", r"back to square one",
    r"on thin ice", r"rule of thumb", r"cut (?:us|them|me) some slack", r"pass(?:ing)? the buck", r"count (?:your|our) chickens",
    r"dog(?:'|’)s breakfast", r"nailed down", r"a wash\b", r"circle the wagons", r"(?:a )?quick win", r"deep dive",
    r"close of play", r"take a rain ?check", r"rain ?check", r"ballgame", r"ping (?:me|you|us)", r"run with it",
    r"throw(?:ing)? (?:it|something) at the wall", r"fly on the wall", r"on the ball", r"the bottom line", r"level[- ]set",
    r"boots on the ground", r"move the dial", r"lay(?:ing)? it on thick", r"jump through hoops", r"get (?:our|your) act together",
    r"a (?:big|tough) ask", r"cost an arm and a leg", r"(?:a )?ballpark", r"crunch(?:ing)? the numbers", r"table (?:it|this) for now",
    r"keep (?:our|your) eyes on the prize", r"from the get[- ]go", r"right off the bat", r"off the top of my head",
    r"the devil is in the details", r"like clockwork", r"no[- ]go", r"hit it out of the park", r"win[- ]win",
]
