"""Where an address starts: a house number and a street in the shapes of many countries (27 Larkspur Road, Calle
Mayor 5, 12 rue de la Paix, Hauptstrasse 12, 2-8-15 Ebisu, Blk 405 #11-1203...), in any case, or read out."""

from __future__ import annotations

import regex

from rupturecli.privacy.place_words import REGIONS
from rupturecli.privacy.prefilter import require

STREET = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Crescent|Cres|Place|Pl|Way|"
          r"Boulevard|Blvd|Terrace|Gardens|Gdns|Grove|Square|Sq|Hill|Park|Row|Mews|Walk|Parade|Rise|View|Green|"
          r"Circle|Highway|Hwy|Parkway|Pkwy|Trail|Wharf|Quay|Yard|Esplanade|Broadway|Heights|Vale|Chase|Croft|"
          r"Meadows?|Ridge|Embankment|Promenade|Circus|Crossing|Loop|Glen|Dale|Bank|Fold|Wynd|Brae|Marg|Nagar|"
          r"Salai|Cl|Pde|Tce|Cct|Esp|Bvd|Ter|Trl|Cir|Hts)")
# (W.) Ashland Ave, 14 MG Road, King St W
STREET_NAME = (rf"(?:[NSEW]\.?[ \t]+)?(?:(?:\p{{Lu}}[\p{{Ll}}'’]+|\p{{Lu}}{{2,3}}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+)"
               rf"{{1,3}}{STREET}\b\.?"
               r"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Lower|Upper|Extension|Ext\.)(?![\w]))?")
# Flat 3, Apt 4B, Flat B, 12/F (the twelfth floor), No. 14 (Indian addresses)
# ... and before them a room, tower or block ("Rm 1502, Tower 2, 33 Canton Road"), a flat number alone ("4B, 27
# Bishop Street"), an Edinburgh floor and flat ("2F1, 9 Marchmont Crescent") or a Korean block and flat (101-1203)
UNIT = (r"(?:(?:(?:Flat|Apartment|Appt|App\.|Apt|Unit|Lot|Suite|Ste|No\.|Room|Rm|Tower|Block|Building|Bldg|Bâtiment|"
        r"Bât\.|Escalier|Esc\.|Entrée)[ \t]*"
        r"(?:#?\w{1,5}(?:-\d{1,5})?,?[ \t]+)?(?:\d{1,3}/F,?[ \t]+)?){1,2}|\d{1,4}[A-Za-z]\d{0,2},[ \t]+|"
        r"\d{1,2}/\d{1,2},[ \t]+(?=\d))?")  # ... or a Glasgow floor and door: "3/2, 88 Byres Road"
BUILDING = (r"(?:(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,3}(?:Apartments|Apts|Residency|Towers?|Mansions|Heights|Complex|"
            r"Enclave|Building|Bldg|House|Court|Lodge|Villas?|Flats|Estate)\b,?[ \t]+|"
            r"The[ \t]+\p{Lu}[\p{Ll}'’]+(?:[ \t]+\p{Lu}[\p{Ll}'’]+)?,[ \t]+(?=\d))?")  # Shanti Apartments, The Maltings
HOUSE = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,5})?"  # 27, 27a, 5/12 (unit 5 of number 12)
STATE = rf"(?:,?[ \t]+(?:{REGIONS})\b)?"
UNIT_AFTER = r"(?:,?[ \t]+(?:(?:Flat|Apartment|Apt|Unit|Suite|Ste)\.?[ \t]*#?|#)\w{1,5}(?:-\w{1,5})?\b)?"
# A house number read out in words: "forty two", "nineteen oh four" (two words at least)
HOUSE_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
              r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|oh|hundred)")
HOUSE_WORDS = (rf"\b(?:{HOUSE_WORD}(?:[ \t-]+{HOUSE_WORD}){{1,3}}|"  # ... or one word from eleven up: "seventeen"
               r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
               r"fifty|sixty|seventy|eighty|ninety))")
# ... and the same with the house number read out in words (see SPOKEN_ADDRESS below)
# Words that are not a street's name in lower case: "a 20 minute walk", "3 times round the park"
NOT_STREET_WORDS = (r"the|a|an|to|of|in|on|at|up|down|round|times?|more|less|miles?|minutes?|mins?|hours?|hrs?|"
                    r"seconds?|days?|weeks?|months?|years?|km|k|metres?|meters?|steps?|laps?|pounds?|quid|dollars?|"
                    r"euros?|percent|mg|ml|bus|car|train|minute|long|short|quick|slow|brisk|hard|easy|big|little|each|one|"
                    r"per|a|way")
# The house number after the street, as in most of Europe and Latin America: "Calle Mayor 5", "Rua das Flores 45",
# "ul. Marszałkowska 84/92"; and streets named by a suffix: "Hauptstrasse 12", "Keizersgracht 318", "Storgatan 7"
STREET_FIRST = (r"(?i:calle|avenida|avda\.?|rua|viale|piazza|piazzale|vicolo|paseo|praça|praca|travessa|carrer|"
                r"rue|chaussée|ulica|aleja|jalan|jln\.?|calea|strada)|C/|Av\.|Via|Corso|Largo|Plaza|Camino|Ronda|"
                r"Rambla|ul\.|al\.|os\.|Jl\.")  # os.: a Polish estate (osiedle)
# a particle and the space after it (none after an apostrophe: "l'Église")
STREET_PARTICLE = (r"(?i:(?:de|del|dels|dos|das|da|do|di|dei|degli|della|delle|des|du|la|le|les|y|e|i)[ \t]+|"
                   r"[ld]['’][ \t]*)")
STREET_SUFFIX = (r"(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gracht|straat|laan|plein|kade|singel|"
                 r"steeg|dijk|gade|gatan|vägen|vej|veien|gata|torget|torv|tie|katu|kuja|polku|väylä|tori)")
STREET_SUFFIX_LOWER = (r"(?:straße|strasse|weg|gasse|platz|allee|gracht|straat|laan|plein|gatan|vägen|veien|"
                       r"gata)")  # in lower case: not 'brigade', 'blockade'...
# 5, nº 5, 84/92, 4a; a Dutch floor (88-III, 44-hs) or a Polish flat (7 m. 12); then perhaps a floor: "45, 2º B",
# "12, 3º izda"
FLOOR_SIDE = (r"(?:[ \t]*(?:[A-Z]\b|(?i:izquierda|derecha|"
              r"izda|izqda|izq|dcha|dch|der|ctro|centro|esq|dto|drt|frt|tv|th|mf)\b\.?))")
# (an Austrian house, stair and door: "71/2/14")
# (a house's letter apart, in either case, before a comma, the line's end or "now": "22 b, ...", "22 b now")
HOUSE_AFTER = (r"(?:n[º°o]\.?[ \t]*|nr\.?[ \t]+)?\d{1,5}(?:[A-Za-z]|[ \t][A-Z](?=,)|"
               r"[ \t][a-z](?=[ \t]*(?:,|\n|$)|[ \t]+now\b))?(?:[-/]\d{1,5}[A-Za-z]?){0,2}"
               r"(?:[ \t]?(?:bis|ter|quater)\b)?"  # "Via Manin 14 bis", "Kade 7 ter"
               r"(?:-(?:I{1,3}|IV|hs|huis)\b)?"
               r"(?:,?[ \t]+(?:m\.|nr\.?|(?i:lgh|lägenhet|mieszkanie|mieszk\.|lok\.|lokal))[ \t]*\d{1,4}(?:/\d{1,4})?\b"
               r"|[ \t]+[A-Z][ \t]+\d{1,3}\b)?"  # a Polish flat: "17 mieszkanie 3", "17 m. 3"
               rf"(?:,?[ \t]*\d{{1,2}}\.?[º°ª]{FLOOR_SIDE}?|,[ \t]*\d{{1,2}}\.[ \t]*(?i:tv|th|mf|sal)\b\.?)?")
STREET_FIRST_ADDRESS = regex.compile(
    rf"\b{UNIT}(?:{STREET_FIRST})[ \t]+(?P<street>(?:{STREET_PARTICLE}|\p{{Lu}}[\p{{L}}'’.-]*[ \t]+){{0,4}}"
    rf"\p{{Lu}}[\p{{L}}'’.-]*|{STREET_PARTICLE}?\p{{Ll}}[\p{{L}}'’-]*(?:[ \t]+\p{{Ll}}[\p{{L}}'’-]*)?"
    rf"(?:[ \t]+{STREET_PARTICLE}\p{{Ll}}[\p{{L}}'’-]*)?),?[ \t]+"  # "rua quinze de novembro 12"
    rf"{HOUSE_AFTER}(?![\w/-])")
DUTCH_PARTICLE = r"(?:van|de|den|der|ter|ten|van[ \t]+de|van[ \t]+der|von|am|an[ \t]+der)"  # "de ruyterstraat 17"
# An adjective before a street named by its suffix: "Östra Storgatan", "Alte Mühlgasse", "Nieuwe Kerkstraat"
STREET_ADJECTIVE = (r"(?:(?:Östra|Västra|Norra|Södra|Stora|Lilla|Nya|Gamla|Nørre|Søndre|Vester|Øster|Nedre|Øvre|"
                    r"Alte|Neue|Große|Grosse|Kleine|Obere|Untere|Lange|Oude|Nieuwe|Korte|Lange)[ \t]+)?")
SUFFIX_STREET_ADDRESS = regex.compile(
    rf"\b(?:{STREET_ADJECTIVE}\p{{Lu}}\p{{Ll}}*(?:-\p{{Lu}}\p{{Ll}}*)*(?:{STREET_SUFFIX}|-(?i:{STREET_SUFFIX}))|"
    rf"(?:{DUTCH_PARTICLE}[ \t]+)?\p{{Ll}}{{3,}}{STREET_SUFFIX_LOWER}|"
    rf"(?:\p{{Lu}}[\p{{L}}'’-]+[ \t]+){{1,3}}"
    rf"(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|gate|gata|gade|vej|vei|straat|laan|Torget|Torg|Torv|Plads|"
    rf"Gränd|Gatan|Vägen|Gata|Gate))[ \t]+{HOUSE_AFTER}"
    rf"(?![\w/-])")
# ... and a Nordic street of two words in lower case, its type apart: "olav ryes gate 9, ..." (not "boarding
# gate 9": a word of ours before the type, or no comma, line end or "in" after the number, is no street)
NORDIC_LOWER_STREET = regex.compile(
    rf"(?<![\w'’-])(?:(?!(?:{NOT_STREET_WORDS}|boarding|departure|departures|arrivals?|my|our|his|her|their|your|"
    r"and|or|from|by|near|through)\b)\p{Ll}[\p{Ll}'’-]+[ \t]+){1,2}(?:gate|gata|gade|vei|vej|veien|gatan|vägen)"
    rf"[ \t]+{HOUSE_AFTER}(?![\w/-])(?=[ \t]*(?:[,\n]|$)|[ \t]+(?:i|in)[ \t])")
# The number first, then a French (or Italian, or Malay) street type: "12 rue de la Paix", "27 boulevard Voltaire",
# "8 Jalan Mawar",
# "3 place du Marché", "5 via dei Mille". Types that are English words too (place, avenue, route, via) need a
# particle or a capital after them, and a capital that is not a name ("3 via Zoom") is no street.
FRENCH_STREET = regex.compile(
    # (not a date's year: "on 4/11/2023 via Zoom")
    rf"\b(?<![/.]){UNIT}(?:\d{{1,4}}-)?\d{{1,4}}(?:[ \t]?(?:bis|ter)\b)?,?[ \t]+"  # "12-340 ...": a Canadian unit first
    rf"(?:(?i:rue|allée|allee|impasse|chemin|quai|montée|ruelle|sentier|traverse|jalan|jln\.?|lorong)[ \t]+"
    rf"{STREET_PARTICLE}*|(?i:avenue|av\.|boulevard|boul\.|bd|place|pl\.|cours|route|square|passage|"
    rf"faubourg|promenade|voie|esplanade|via|viale)[ \t]+(?:{STREET_PARTICLE}+|(?=\p{{Lu}})))"
    r"(?P<street>[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,3})")
# Welsh streets, the number before the street's type: "11 Heol y Nant", "2 Ffordd y Môr", "5 Lôn Glyd"
WELSH_STREET = regex.compile(rf"\b{UNIT}\d{{1,4}}[A-Za-z]?,?[ \t]+(?:Heol|Ffordd|Stryd|Lôn|Lon|Rhodfa|Cilgant|"
                             r"Teras|Clos|Llwybr)[ \t]+(?:(?:y|yr|'r|’r)[ \t]+)?"
                             r"\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?")
# An Indian flat by its wing and number, then the building's name, before a street: "C-408 Sagar Darshan, tilak
# road"
WING_FLAT = regex.compile(r"\b[A-Z]-\d{2,4}[ \t]+(?:\p{Lu}\p{Ll}+[ \t]+){0,2}\p{Lu}\p{Ll}+"
                          r"(?=,[ \t]*(?:\p{L}+[ \t]+){1,2}(?i:road|rd|marg|street|st|lane|nagar|colony|cross|main)\b)")
# A street, then its number after a word for it: "hartley road, number 12", "Gladstone Street, no. 40"
STREET_THEN_NUMBER = regex.compile(
    rf"(?i:\b(?:(?!(?:{NOT_STREET_WORDS}|the|on|my|his|her|our|their|your)\b)\p{{L}}[\p{{L}}'’]+[ \t]+){{1,2}}"
    r"(?:street|road|avenue|lane|drive|close|crescent|terrace|way|st|rd|ave),?[ \t]+(?:number|no\.?|num\.?|#)"
    r"[ \t]*\d{1,4}[a-z]?)\b")
# Japanese block addresses, chōme-banchi-gō and then the district: "2-8-15 Ebisu, Shibuya-ku" (kept only when a
# ward or city with its suffix, or a Japanese postcode, follows: "1-2-3 Magic" is a parenting course)
JAPANESE_BLOCK = regex.compile(rf"(?<![\w./-]){UNIT}\d{{1,2}}-\d{{1,2}}(?:-\d{{1,4}}){{1,2}},?[ \t]+\p{{Lu}}\p{{Ll}}+"
                               r"(?:-\p{L}\p{Ll}+)?(?:[ \t]+\p{Lu}\p{Ll}+(?:-\p{L}\p{Ll}+)?){0,2}"
                               r"(?=,)")
WARD_SUFFIX = regex.compile(r"\p{L}-(?:ku|shi|cho|chō|machi|gun|ken|mura|gu|si|dong)\b|[ \t]*〒?\d{3}-\d{4}\b")
# Korean roads named by a suffix: "45 Teheran-ro", "12 Insadong-gil"
KOREAN_STREET = regex.compile(rf"\b{UNIT}\d{{1,5}}(?:-\d{{1,4}})?[ \t]+\p{{Lu}}\p{{Ll}}+(?:\d{{1,3}})?"
                              r"-(?:ro|gil|daero)\b")
# Turkish streets, the number after them: "Bağdat Caddesi No: 212", "Moda Sokak 14/3"
TURKISH_STREET = regex.compile(
    r"\b(?:\p{Lu}[\p{L}]+[ \t]+){1,3}(?:Caddesi|Cad\.|Cd\.|Sokak|Sokağı|Sok\.|Sk\.|Bulvarı|Blv\.)[ \t]*"
    r"(?:No[:.]?[ \t]*)?\d{1,4}[A-Za-z]?(?:/\d{1,3}[A-Za-z]?)?(?![\w/-])")
# A house number read out in words, then one to three words and a street type: "forty two pine street"
SPOKEN_ADDRESS = regex.compile(
    rf"(?i:{HOUSE_WORDS})[ \t]+(?:(?!(?:{NOT_STREET_WORDS})\b)\p{{L}}[\p{{L}}'’]*\.?[ \t]+){{1,3}}"
    r"(?i:street|st|road|rd|avenue|ave|lane|drive|close|crescent|way|gardens|grove|terrace|place|court|boulevard)\b")
# An Irish estate or road named in Irish after the house number, in any case: "22 Cnoc na Gaoithe", "9 páirc an
# rí" (a word for a hill, park, view, glen or road, perhaps a particle, then one word)
IRISH_ESTATE = regex.compile(
    r"(?<![\d.,$£€])\b\d{1,4}[A-Za-z]?,?[ \t]+(?i:ard|árd|cnoc|páirc|pairc|radharc|gleann|bóthar|bothar|cluain|lios|"
    r"baile|sráid|sraid|ascaill|céide|ceide|bóithrín|garrán|garran|coill|móinéar|faiche|cúirt|cuirt|ráth|rath)"
    r"[ \t]+(?:(?i:na|an|a|an[ \t]+t|na[ \t]+h|ui|uí)[ \t]+)?\p{L}[\p{L}'’-]+")
IRISH_ESTATE_WORDS = tuple(  # for REQUIRED_WORDS
    "ard árd cnoc páirc pairc radharc gleann bóthar bothar cluain lios baile sráid sraid ascaill céide ceide "
    "bóithrín garrán garran coill móinéar faiche cúirt cuirt ráth rath".split())
# An American house number (three digits at least, or read out in words), a compass point and a street's name
# without its type, kept only when a town follows it: "4420 north halsted, chicago"
COMPASS_STREET = regex.compile(
    rf"(?:(?i:{HOUSE_WORDS})|(?<![\d.,$£€-])\b\d{{3,5}})[ \t]+(?i:north|south|east|west)[ \t]+"
    rf"(?!(?i:{NOT_STREET_WORDS}|and|or|of|side|end|coast|wales|africa|america|korea|london)\b)\p{{L}}[\p{{L}}'’-]+"
    r"(?=[ \t]*,)")
COMPASS_WORDS = regex.compile(r" (?:north|south|east|west) ")
SPOKEN_ADDRESS_WORDS = tuple(f" {word}" for word in "street st road rd avenue ave lane drive close crescent way "
                             "gardens grove terrace place court boulevard".split())
# A word of a lower-case building or street's name: not a word of the sentence ("flat 2, near my mum's")
LOWER_STREET_WORD = (rf"(?!(?:{NOT_STREET_WORDS}|my|his|her|our|their|your|it['’]s|and|but|so|near|off|by|just|"
                     r"is|was|with|for|from)\b)\p{L}[\p{L}'’-]+")
# A named street without a number, after "on", "in", "at"...: the one address pattern that needs no digit
NAMED_STREET = regex.compile(r"(?<=\b(?:on|in|at|off|near|along|from)[ \t])(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,2}"
                             r"(?:Street|Road|Avenue|Lane|Drive|Close|Crescent|Terrace|Gardens|Grove|Boulevard|Mews)\b")
ADDRESS_PATTERNS = (
    regex.compile(rf"\b{UNIT}{BUILDING}{HOUSE}[ \t]+{STREET_NAME}{UNIT_AFTER}{STATE}"),  # the town: ADDRESS_PART
    # written in lower case ("flat 2, 9 mill lane"): a house number, one to three words and a street type
    # (a flat "at" the address, "apartment 5d at 318 ..."; ordinals in the street, "s 31st ave")
    regex.compile(r"(?i:\b(?:(?:flat|apartment|apt|unit)\.?[ \t]*(?:\w{1,5},?[ \t]+(?:at[ \t]+)?)?|"
                  r"\d{1,2}/\d{1,2},[ \t]+|no\.?[ \t]*|lot[ \t]+)?)"
                  r"(?<![\d.,$£€])\d{1,5}[a-z]?(?:[-/]\d{1,5})?[ \t]+"
                  rf"(?:(?!(?:{NOT_STREET_WORDS})\b)(?:[a-z'’]+(?:-[a-z]+)?|\d{{1,3}}(?:st|nd|rd|th))\.?[ \t]+){{1,3}}"
                  r"(?:street|st|road|rd|avenue|ave|lane|"
                  r"drive|close|crescent|way|gardens|grove|terrace|place|court|square|mews|park|row|walk|rise|view|green|"
                  r"hill|parade|boulevard|circle|highway|wharf|quay|yard|vale|heights|esplanade|"
                  r"ct|cres|pde|tce|cct|hwy|blvd|dr(?=[ \t]*(?:[,.;!?\n]|$)))\b"),  # Australian types: "8 x cres"
    PO_BOX := regex.compile(rf"\b{UNIT}(?:P\.?[ \t]?O\.?[ \t]*Box|(?:p\.[ \t]?o\.|po)[ \t]*box)[ \t]+"  # "p.o. box 88"
                  rf"\d+(?:-\d+(?!\w))?{STATE}(?<!-\d{{5}})"),
    # Private Bag X12 (South Africa), RR 2 Box 152 (a rural route)
    regex.compile(r"\b(?:Private[ \t]+Bag[ \t]+X?\d{1,6}|(?:RR|HC)[ \t]*\d{1,4}[ \t]+Box[ \t]+\d{1,5}|"
                  r"Rural[ \t]+Route[ \t]*\d{1,4}(?:[ \t]+Box[ \t]+\d{1,5})?)\b"),  # not "RR 18" (breaths)
    # a numbered rural road after the house number, in any case, before a comma or the end: "212 County Road 14,
    # ...", "9 state route 31."
    RURAL_ROAD := regex.compile(
                  r"(?i:(?<![\d.,$£€])\b\d{1,5}[ \t]+(?:(?:county|state|farm|ranch|forest|township|parish)[ \t]+"
                  r"(?:road|rd|route|rte|highway|hwy)|co\.?[ \t]+rd\.?|route|rte|highway|hwy)[ \t]+\d{1,4}[a-z]?\b)"
                  r"(?=[ \t]*(?:[,.;\n]|$))"),  # then the town or the end: not "2 highway 1 exits back"
    # Colombian numbered streets: Carrera 7 # 40-62, Calle 50 No. 12-34
    regex.compile(r"\b(?:Carrera|Cra\.?|Calle|Avenida|Diagonal|Transversal)[ \t]+\d{1,3}[A-Z]?(?:[ \t]+Bis)?[ \t]*"
                  r"(?:#|No\.?|N[º°])[ \t]*\d{1,3}[A-Z]?-\d{1,3}\b"),
    NAMED_STREET,
    STREET_FIRST_ADDRESS,
    SUFFIX_STREET_ADDRESS,
    NORDIC_LOWER_STREET,
    FRENCH_STREET,
    JAPANESE_BLOCK,
    KOREAN_STREET,
    TURKISH_STREET,
    WELSH_STREET,
    WING_FLAT,
    STREET_THEN_NUMBER,
    *(UNIT_ADDRESSES := (
    # Singapore blocks: "Block 12 #04-56", "Blk 405 Ang Mo Kio Ave 10 #11-1203"; a #floor-unit alone
    regex.compile(r"\b(?i:blk|block)\.?[ \t]*\d{1,4}[A-Za-z]?(?:(?:[ \t]+(?:\p{Lu}[\p{L}]*[ \t]+){1,4}"
                  r"(?:Ave(?:nue)?|St(?:reet)?|Road|Rd|Drive|Dr|Crescent|Cres|Link|Walk|Lane|Close|Central|Ring|Lor|"
                  r"Lorong)\.?(?:[ \t]+\d{1,3})?|[ \t]+(?:Jalan|Jln\.?|Lorong|Lor)(?:[ \t]+\p{Lu}[\p{L}]*){1,3}"
                  r"(?:[ \t]+\d{1,3})?)(?:,?[ \t]*#\d{1,3}-\d{1,5}[A-Za-z]?)?|,?[ \t]*#\d{1,3}-\d{1,5}[A-Za-z]?)\b"),
    regex.compile(r"(?<![\w#])#\d{2}-\d{2,5}[A-Za-z]?\b"),
    regex.compile(rf"\b{UNIT}\d{{1,2}}(?:st|nd|rd|th)[ \t]+(?:Cross|Main)(?:[ \t]+{STREET})?\b"),  # 3rd Cross
    # plots and numbered houses: "Plot 45, Kira Road", "plot no. 118", "House No. 7-1-621"
    regex.compile(rf"\b(?:(?i:plot|stand|erf|house|hse|h\.|door|flat|shop|survey)[ \t]*(?i:no\.?|number|#)|Plot|Erf|"
                  rf"Stand(?=[ \t]+\d+,))"
                  rf"[ \t]*\d{{1,5}}[A-Za-z]?(?:[-/](?:\d{{1,5}}[A-Za-z]?|[A-Za-z]\b)){{0,3}}\b"
                  rf"(?:,?[ \t]+{STREET_NAME})?"),
    # a unit or flat, then a street without a number: "Unit 7, Bridge Street"
    # ... perhaps with the building's name between: "Flat 6, The Granary, Mill Street", "Apartment C7, Acacia
    # Gardens, Ngong Road"
    regex.compile(rf"\b(?:Unit|Flat|Apartment|Apt|Suite|House|Villa|Plot|Bâtiment)\.?[ \t]*#?[A-Z]?\d{{1,4}}[A-Za-z]?,"
                  r"[ \t]+"
                  rf"(?:(?:The[ \t]+)?(?:\p{{Lu}}[\p{{Ll}}'’]+[ \t]+){{0,2}}\p{{Lu}}[\p{{Ll}}'’]+,[ \t]+)?"
                  rf"(?:\p{{Lu}}[\p{{Ll}}'’]+[ \t]+){{1,3}}{STREET}\b"),
    # ... and in lower case, a room too, the street perhaps with a compass point: "flat 6, the granary, mill street
    # north", "room 9, laxmi sadan chawl, station road" (before a comma or the end)
    LOWER_UNIT_STREET := regex.compile(
                  r"(?i:\b(?:unit|flat|apartment|apt|room|rm|suite)\.?[ \t]*#?[a-z]?\d{1,4}[a-z]?,[ \t]+"
                  rf"(?:(?:the[ \t]+)?(?:{LOWER_STREET_WORD}[ \t]+){{0,2}}{LOWER_STREET_WORD},[ \t]+)?"
                  rf"(?:{LOWER_STREET_WORD}[ \t]+){{1,3}}(?:street|st|road|rd|avenue|ave|lane|drive|close|crescent|"
                  r"way|gardens|grove|terrace|place|court|square|mews|row|walk|parade|marg|nagar|salai)"
                  r"(?:[ \t]+(?:north|south|east|west|lower|upper))?)\b(?=[ \t]*(?:[,.;\n]|$))"),
    # a flat or unit alone: "Unit 3/14", "Flat 4", "Apt 7C"
    regex.compile(r"\b(?:(?:Unit|(?i:flat|apartment|apt))\.?[ \t]*#?\d{1,4}[A-Za-z]?/\d{1,5}[A-Za-z]?|"
                  r"(?:Flat|Apartment|Apt)\.?[ \t]*#?\d{1,4}[A-Za-z]?|"
                  # in lower case before a building's name: "flat 12, Lotus Residency"
                  r"(?i:flat|apartment|apt)\.?[ \t]*#?\d{1,4}[A-Za-z]?(?=,[ \t]*(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,3}"
                  r"(?:Apartments|Apts|Residency|Towers?|Mansions|Heights|Complex|Enclave|Building|Bldg|House|Court|"
                  r"Lodge|Villas?|Flats|Estate|Society|Nivas|Niwas|Sadan|Bhavan|Bhawan|Kunj|Dham)\b))\b"),
    )),
)

# A text with none of a pattern's words skips it (prefilter.py): only for speed
require({
    STREET_FIRST_ADDRESS: tuple(
        "calle avenida avda rua viale piazza vicolo paseo praça praca travessa carrer rue chaussée ulica aleja jalan "
        "jln calea strada c/ av. via corso largo plaza camino ronda rambla ul. al. os. jl.".split()),
    SUFFIX_STREET_ADDRESS: tuple(
        "straße strasse str. weg gasse platz allee damm ufer gracht straat laan plein kade singel steeg dijk gade "
        "gatan vägen vej veien gata torget torv gate vei tie katu kuja polku väylä tori".split()),
    NORDIC_LOWER_STREET: tuple("gate gata gade vei vej gatan vägen".split()),
    FRENCH_STREET: tuple("rue jalan jln lorong allée allee impasse chemin quai montée ruelle sentier traverse av bd "
                         "boulevard boul. place pl. cours route square "
                         "passage faubourg promenade voie esplanade via".split()),
    KOREAN_STREET: ("-ro", "-gil", "-daero"),
    TURKISH_STREET: tuple("caddesi cad. cd. sokak sokağı sok. sk. bulvarı blv.".split()),
    WELSH_STREET: tuple("heol ffordd stryd lôn lon rhodfa cilgant teras clos llwybr".split()),
    STREET_THEN_NUMBER: ("number", "no.", "num", "#", *(f"no {digit}" for digit in range(10))),
    IRISH_ESTATE: IRISH_ESTATE_WORDS,
    WING_FLAT: ("-",),
    RURAL_ROAD: ("road", "rd", "route", "rte", "highway", "hwy"),
    PO_BOX: ("box",),
    **dict.fromkeys(UNIT_ADDRESSES,  # blocks, #04-56 units, 3rd Cross, plots, flats alone
                    "blk block # cross main plot stand erf house hse h. door flat shop survey unit "
                    "apartment apt suite villa bâtiment room rm".split()),
})
