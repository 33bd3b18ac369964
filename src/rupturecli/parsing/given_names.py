"""Common given names, for telling a name at the start of a sentence from an ordinary capitalised word.

Written for rupturecli's redaction: UK, Irish, US, European, South Asian, African (Somali too), Arabic, Persian,
Turkish, Hebrew, Central, East and Southeast Asian, Māori and Pacific names.
Names that are also everyday English words (Will, May, Hope, Grace, Mark, Rose...) are left out on purpose: at
the start of a sentence they are more often the word; inside a sentence, capitalised, they are caught anyway.
"""

from __future__ import annotations

GIVEN_NAMES = frozenset("""
aaron abdi abdirahman abdul abdullah abdullahi abena abigail achieng adaeze adam adaora adebayo adele aditya adrian
adwoa agnes agnieszka ahmed aidan aigerim aiko aileen aisha aisling akira akosua akua alan alana albert alejandro
aleksandra alessandro alex alexa alexander alexandra alexei alexis alfie ali alice alicia alina alison alistair
amaka amanda amara amelia amir amit amy ana anahera analyn ananya anastasia anders andre andrea andrei andrew andy
angela angus anh anil anita anja anjali ann anna anne annie annika anouk anthony antonio anya arash archie arjun
aroha arthur asha ashley ashok askar astrid atieno aurora ava ayaan ayanda ayesha ayse aziz babajide babak bakhyt
balwinder baraka barbara beatrice beatriz becky ben benedict benjamin bernadette beth bethany bilal billy bisi
bjorn blessing bogdan bongani bradley bram brandon brenda brendan brian bridget brittany bronwen bruce bryony buhle
burak caitlin callum calum cameron camila carl carla carlos carmen caroline carys cassandra catherine cathy cecilia
celia chantelle charles charlie charlotte chen chiamaka chiara chidi chidinma chinedu chinonso chloe chris
christina christine christopher chukwuemeka ciara ciaran claire clara claudia colin connor conor craig cynthia daan
dafydd daiki daisy damian dan daniel daniela danielle darius dariush darren david dean debbie deborah declan deepak
deepika deeqa deon derek desmond diana diane dieter dilnoza dimitri dimitris dina dionne divya dmitry dominic donna
duc dylan eamon ebuka edward efua eileen elaine eleanor elena eleni eli elias elif elijah elise elizabeth ella
ellen ellie eloise emeka emily emma emre eric erin esi esme ethan eugene eunji eva evan eve faduma fahim farhan
farzaneh fatima fatma felicity felix femi femke fenella fergus finlay finn fiona florence folake francesca fraser
freddie frederick freya funmilayo gabriel gabriela gabriella ganesh gareth gary gavin gemma geoffrey george georgia
gerald gerard gillian giorgos giovanni giulia giuseppe gordon graham greg gregory guadalupe gulnara gurpreet gwen
hakan hala halima hamza hana hannah haoran harpreet harriet harry haruka haruto harvey hassan hayley heidi heike
helen hemi henry hibo hine hiroshi hodan holly huda hugh hugo hui huong hussein hyejin hyun iain ian ibrahim ifeoma
ifrah igor ikaika ikenna imogen imran ines ingeborg ingrid iosefa irene irina isaac isabel isabella ishaan isla
ismail ivan jacob jade jake jakub james jamie jan jane janet jasmine jason jaspreet javier jayden jean jeffrey
jennifer jenny jeremy jessica jiayi jie jiho jim jimin jing jisoo jiwoo jo joan joanna joanne joao joaquin joe joel
johan john jon jonathan joost jordan jorge jose joseph josh joshua juan judith julia julian julie jurgen justin
kagiso kahu kai kaito kalani kamala kamau karen karim karthik kasia katarzyna kate katerina katherine kathleen
katie katrin kavya kayleigh keanu keiko keith kelechi kelly kemi kenji kenneth kenta kerstin kevin khadija khalid
kieran kim kiran kirsty kofi kojo krzysztof kwabena kwaku kwame kwesi kyle lagi laila lakshmi lara lars laura
lauren layla leah lee leila leilani lena leo leon leonardo lerato lewis liam lieke lily lina linda lindiwe lindsay
linh lisa liz lloyd logan lois lorenzo lorna lorraine losa louis louise lucas lucia lucy luis lukas luke lwazi
lydia lynn magdalena mahsa mai malcolm malee malgorzata malia manaia mandy manpreet manuel marcus marek margaret
maria mariam maricel marie marina mario marion marta martha martin mary mateo matilda matteo matthew maureen max
maxine meera megan mehmet mei meiling melanie mele melissa mia michael michelle miguel mihai mike mikhail milan
milo minh minji minjun miriam moana mohamed mohammad mohammed molly mona monica morgan mpho muhammad murat mwangi
nadia naledi nandi naoko naomi nasrin nasser natalia natalie natalya natasha nathan navid navneet neha neil ngaio
ngaire ngozi nguyen nia niamh nicholas nicola nicole nigel nikau nikhil nikos nils nina njeri nkechi nneka noah
noel nokuthula nomsa nomvula noor nora nuala nursultan nusrat obinna oisin okonkwo oksana olga oliver olivia
olumide oluwaseun omar oscar otieno owen ozlem palesa paolo parisa patricia patrick paul paula pauline pavel pedro
penelope peter petra philip phoebe phuong pierre pieter pilar piotr pooja poppy priya priyanka quang rachel rafael
rahul raj rajesh ramesh rangi rania rashid ravi rebecca reem reza rhys ricardo richard riku rita rob robert roberto
rocio rodel rohan rohit roisin ronan rory rosa rosie rowan roxanne roya ruairi rukhsana rupert russell ruth ryan
sabine sadia sagal sahil sakura salim salma salote sam samantha samir samuel sana sandra sanjay sanne sara sarah
sasha scott sean sebastian seojun seoyeon seren sergei serkan shabnam shannon sharon shauna sheila shirin shirley
shreya sibusiso sigrid simon simran sina sinead siobhan sione sipho siriporn siyabonga sofia solveig somchai sonia
sophie sota stacey stanley stefan stella stephanie stephen steve steven stuart sukhwinder sunita suresh susan
suzanne sven svetlana tahmina takeshi tamara tamati tane tanya tara tareq tariq tatiana tavita teresa tevita thabo
thandiwe thao themba theo theresa thiago thijs thomas thulani tim timothy timur tobias toby tolu tom tomasz tommy
tony tracey tracy trang trevor tshepo tuan tunde tyler uche uchenna ulrike usman valentina vanessa vera veronica
victor victoria vihaan vikram viliami vincent vivienne vladimir walid wambui wanjiku wanjiru warsame wayne wei
wendy william wiremu wojciech wolfgang wouter xavier xiaoling xiaoming xiaoyu xin yan yannis yasmin yetunde yiming
yousef yui yuki yulia yuna yuri yusra yusuf yuto yuxuan zach zaid zainab zanele zara zawadi zeynep zhiwei zihan
zodwa zoe zofia zoltan
yael tamar avital shira noam yonatan eitan avraham moshe yosef shlomo chaim yitzhak chana batya efrat
hadas liat maayan meirav michal nechama orly osnat ronit shoshana talia tzipora yehuda
sahra hamdi ubah nasra idil ladan mulki abdiweli cabdi guled mahad zamzam
""".split())
