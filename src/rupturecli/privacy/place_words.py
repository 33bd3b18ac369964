"""Words and names of places: regions after a town, words that are no town ("Room 214", "Level 3"), words no part
of an address is made of, cities known by name in lower case; and whether capitalised words may name a town."""

from __future__ import annotations

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.privacy.words import (
    COMMON_STARTS,
    ORG_WORDS,
    TITLES,
    WEEKDAYS_AND_MONTHS,
    given_name,
    never_a_name,
    word_set,
)

STATES = (r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
          r"ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC")
# US states, Canadian provinces and Australian states: the region after a town ("Ottawa ON", "Newtown NSW")
REGIONS = rf"NSW|VIC|QLD|TAS|ACT|AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|{STATES}"
# Capitalised words before a number that are not towns ("Room 214", "Level 3", "Spring 2020")
NOT_PLACES = word_set("""
room rooms ward bay bed beds level floor block section step stage module session page year grade group form
table chapter part phase week day number score total item question unit plot flat area district ref version
series episode track verse line exit gate platform bus route train flight seat box code pin door spring summer
autumn winter fall term semester class lesson test trial wave cohort visit day call landline mobile phone
tel telephone fax cell
""")
# Words no part of an address is made of: weekdays, months, titles, sentence openers, headings, places in a clinic
PART_STOP = WEEKDAYS_AND_MONTHS | TITLES | COMMON_STARTS | NOT_PLACES | word_set("""
tel telephone phone ph mob mobile cell cel email e-mail mail fax dob ref reference nhs mrn postcode post code zip
pin eircode cep plz contact kin therapist client patient counsellor gp doctor thanks regards dear re subject sent age
born ward bed bay
depuis avec chez pour mais desde con para pero seit mit aber bij sinds met maar dal con per ma
""")  # ... and words that carry a sentence on in other languages: "..., toulouse, depuis mars"
# Cities written in lower case are known by name only: a listed city after a postcode or in an address ("0150
# oslo", "..., glasgow"); capitalised towns need no list.
LISTED_CITIES = word_set("""
london birmingham manchester leeds liverpool sheffield bristol newcastle nottingham leicester coventry bradford
cardiff swansea edinburgh glasgow aberdeen dundee belfast derry dublin cork galway limerick waterford york hull
brighton oxford cambridge reading southampton portsmouth plymouth exeter norwich stockport salford bolton wigan
preston blackpool sunderland middlesbrough stoke derby wolverhampton luton milton northampton peterborough ipswich
paris lyon marseille toulouse nice nantes strasbourg bordeaux lille rennes montpellier grenoble brussels bruxelles
antwerp antwerpen ghent gent liège luxembourg amsterdam rotterdam utrecht eindhoven groningen haarlem leiden
berlin hamburg münchen munich köln cologne frankfurt stuttgart düsseldorf dortmund essen leipzig dresden hannover
bremen nürnberg freiburg heidelberg bonn wien vienna graz linz salzburg zürich zurich genf geneva bern basel
lausanne madrid barcelona valencia sevilla seville zaragoza málaga malaga bilbao murcia granada lisboa lisbon porto
coimbra braga roma rome milano milan napoli naples torino turin bologna firenze florence genova venezia venice
palermo verona oslo bergen trondheim stavanger stockholm göteborg gothenburg malmö uppsala københavn copenhagen
aarhus odense aalborg helsinki tampere turku espoo reykjavik warszawa warsaw kraków krakow łódź wrocław poznań
gdańsk gdansk praha prague brno bratislava budapest bucuresti bucharest sofia athens athina thessaloniki istanbul
ankara izmir moscow kyiv kiev lviv vilnius riga tallinn zagreb ljubljana belgrade sarajevo
toronto montreal montréal vancouver calgary edmonton ottawa winnipeg halifax quebec québec
chicago houston phoenix philadelphia dallas austin seattle boston denver atlanta miami detroit portland baltimore
sydney melbourne brisbane perth adelaide hobart canberra darwin auckland wellington christchurch hamilton dunedin
mumbai delhi bengaluru bangalore chennai kolkata hyderabad pune ahmedabad jaipur lucknow kochi
karachi lahore islamabad dhaka colombo kathmandu singapore jakarta manila bangkok hanoi tokyo osaka
kyoto yokohama nagoya sapporo fukuoka seoul busan beijing shanghai shenzhen guangzhou taipei
nairobi mombasa kampala kigali lagos abuja accra johannesburg pretoria durban soweto harare lusaka cairo casablanca
mexico guadalajara monterrey bogotá bogota medellín medellin lima santiago valparaíso córdoba
montevideo asunción quito caracas rio salvador brasília brasilia recife fortaleza curitiba
""")
LISTED_CITY_PAIRS = frozenset({"den haag", "kuala lumpur", "buenos aires", "new york", "los angeles", "san francisco",
                               "são paulo", "sao paulo", "cape town", "hong kong", "tel aviv", "new delhi",
                               "milton keynes", "la paz", "san josé", "san jose"})


def may_be_town(words: str) -> bool:
    """Capitalised words that may name a town: none is an ordinary word before a number ("Room", "Level"), a
    weekday, month, title or given name, and one at least is not an everyday word ("Cape Town", not "New Day")."""
    parts = words.split()
    if any(part.lower() in NOT_PLACES or part.lower() in ORG_WORDS or never_a_name(part) or given_name(part)
           for part in parts):
        return False
    return any(part.lower() not in COMMON_WORDS for part in parts)
