"""Common given names, for telling a name at the start of a sentence from an ordinary capitalised word.

Written for rupturecli's redaction (UK, Irish, US, European, South Asian, African, Arabic and East Asian names).
Names that are also everyday English words (Will, May, Hope, Grace, Mark, Rose...) are left out on purpose: at
the start of a sentence they are more often the word; inside a sentence, capitalised, they are caught anyway.
"""

from __future__ import annotations

GIVEN_NAMES = frozenset("""
aaron abdul abdullah abigail abdi adam adaeze adebayo adele adrian agnes ahmed aidan aileen aisha aisling alan
alana albert alejandro aleksandra alex alexa alexander alexandra alexis alfie ali alice alicia alina alison
alistair amanda amara amelia amir amit amy ana anastasia andre andrea andrei andrew andy angela angus anil
anita anja ann anna anne annie anthony antonio anya archie arjun arthur asha ashley ashok aurora ava ayesha
barbara beatrice becky ben benedict benjamin bernadette beth bethany billy blessing bogdan bradley brandon
brenda brendan brian bridget brittany bronwen bruce bryony caitlin callum calum cameron camila carl carla carlos
carmen caroline carys cassandra catherine cathy cecilia celia chantelle charles charlie charlotte chen chiara
chidi chinonso chloe chris christina christine christopher ciara ciaran claire clara claudia colin conor
connor craig cynthia dafydd daisy damian dan daniel daniela danielle darius darren david dean debbie deborah
declan deepak deon derek desmond diana diane dimitri dionne dominic donna dylan eamon edward eileen elaine
eleanor elena eli elias elijah elise elizabeth ella ellen ellie eloise emeka emily emma eric erin esme ethan
eugene eva evan eve fatima felicity felix fenella fergus fiona finn finlay florence fraser freddie frederick
freya gabriel gabriella gareth gary gavin gemma geoffrey george georgia gerald gerard gillian giovanni giulia
gordon graham greg gregory gwen hamza hana hannah harriet harry harvey hassan hayley heidi helen henry hiroshi
holly hugh hugo hussein iain ian ibrahim ifeoma igor imogen imran ingrid irene isaac isabel isabella isla ismail
ivan jacob jade jake james jamie jan jane janet jasmine jason javier jayden jean jeffrey jennifer jenny jeremy
jessica jim jo joan joanna joanne joe joel johan john jon jonathan jordan jorge jose joseph josh joshua juan
judith julia julian julie justin kai kamala karen karim kasia kate katherine kathleen katie kavya kayleigh
keith kelly kemi kenji kenneth kevin khadija kieran kim kirsty kofi krzysztof kwame kyle laila lara laura
lauren layla leah lee leila lena leo leon leonardo lewis liam lily linda lindsay lisa liz lloyd logan lois
lorna lorraine louis louise lucas lucia lucy luis luke lydia lynn magdalena mai malcolm mandy manuel marcus
margaret maria mariam marie marina mario marion marta martha martin mary mateo matilda matthew maureen max
maxine megan mehmet mei melanie melissa mia michael michelle miguel mihai mike milan milo miriam mohammed
mohammad mohamed molly monica morgan muhammad nadia naomi natalia natalie natasha nathan neil nia niamh nicholas
nicola nicole nigel nikhil nina noah noel nora nuala oisin okonkwo oliver olivia omar oscar owen paolo patricia
patrick paul paula pauline pavel pedro penelope peter petra philip phoebe pierre piotr poppy priya rachel rahul
raj rajesh ravi rebecca rhys ricardo richard rita rob robert roberto rohan roisin ronan rory rosa rosie rowan
roxanne ruairi rupert russell ruth ryan sadia sahil salma sam samantha samir samuel sandra sanjay sara sarah
sasha scott sean sebastian seren shannon sharon shauna sheila shirley siobhan simon sinead sofia sonia sophie
stacey stanley stefan stella stephanie stephen steve steven stuart sunita susan suzanne tamara tanya tara
tariq teresa theo theresa thomas tim timothy tobias toby tom tomasz tommy tony tracey tracy trevor tyler
uchenna usman valentina vanessa vera veronica victor victoria vikram vincent vivienne wayne wei wendy william
xavier yasmin yusuf yuki zach zainab zara zoe zofia zoltan
""".split())
