"""London reference data: the 33 boroughs (ONS GSS codes), the prisons holding Londoners.

Coordinates are approximate centres (about 100 m), enough for "near" and distance
ordering; they are not for navigation. Postcode districts live in postcode_districts.py.
"""

# (GSS code, name, latitude, longitude)
BOROUGHS = [
    ("E09000001", "City of London", 51.5155, -0.0922),
    ("E09000002", "Barking and Dagenham", 51.5465, 0.1293),
    ("E09000003", "Barnet", 51.6252, -0.1517),
    ("E09000004", "Bexley", 51.4549, 0.1505),
    ("E09000005", "Brent", 51.5588, -0.2817),
    ("E09000006", "Bromley", 51.4039, 0.0198),
    ("E09000007", "Camden", 51.5290, -0.1255),
    ("E09000008", "Croydon", 51.3714, -0.0977),
    ("E09000009", "Ealing", 51.5130, -0.3089),
    ("E09000010", "Enfield", 51.6538, -0.0799),
    ("E09000011", "Greenwich", 51.4892, 0.0648),
    ("E09000012", "Hackney", 51.5450, -0.0553),
    ("E09000013", "Hammersmith and Fulham", 51.4927, -0.2339),
    ("E09000014", "Haringey", 51.5906, -0.1110),
    ("E09000015", "Harrow", 51.5898, -0.3346),
    ("E09000016", "Havering", 51.5812, 0.1837),
    ("E09000017", "Hillingdon", 51.5441, -0.4760),
    ("E09000018", "Hounslow", 51.4746, -0.3680),
    ("E09000019", "Islington", 51.5416, -0.1022),
    ("E09000020", "Kensington and Chelsea", 51.5020, -0.1947),
    ("E09000021", "Kingston upon Thames", 51.4085, -0.3064),
    ("E09000022", "Lambeth", 51.4571, -0.1231),
    ("E09000023", "Lewisham", 51.4452, -0.0209),
    ("E09000024", "Merton", 51.4014, -0.1958),
    ("E09000025", "Newham", 51.5255, 0.0352),
    ("E09000026", "Redbridge", 51.5590, 0.0741),
    ("E09000027", "Richmond upon Thames", 51.4479, -0.3260),
    ("E09000028", "Southwark", 51.4734, -0.0755),
    ("E09000029", "Sutton", 51.3618, -0.1945),
    ("E09000030", "Tower Hamlets", 51.5150, -0.0350),
    ("E09000031", "Waltham Forest", 51.5908, -0.0134),
    ("E09000032", "Wandsworth", 51.4567, -0.1910),
    ("E09000033", "Westminster", 51.4975, -0.1357),
]

# (HMPPS code, name, who it holds, latitude, longitude, borough GSS code or None)
PRISONS = [
    ("BMI", "HMP Belmarsh", "men", 51.4960, 0.0930, "E09000011"),
    ("BXI", "HMP Brixton", "men", 51.4510, -0.1250, "E09000022"),
    ("ISI", "HMP Isis", "men", 51.4965, 0.0890, "E09000011"),
    ("PVI", "HMP Pentonville", "men", 51.5450, -0.1170, "E09000019"),
    ("TSI", "HMP Thameside", "men", 51.4975, 0.0880, "E09000011"),
    ("WWI", "HMP Wandsworth", "men", 51.4470, -0.1780, "E09000032"),
    ("WSI", "HMP Wormwood Scrubs", "men", 51.5170, -0.2390, "E09000013"),
    ("FMI", "HMP YOI Feltham", "young_men", 51.4430, -0.4250, "E09000018"),
    ("BZI", "HMP Bronzefield", "women", 51.4290, -0.4710, None),
    ("DWI", "HMP Downview", "women", 51.3370, -0.1850, "E09000029"),
    ("HOI", "HMP High Down", "men", 51.3360, -0.1870, "E09000029"),
    ("HPI", "HMP Highpoint", "men", 52.1370, 0.5350, None),
    ("MTI", "HMP The Mount", "men", 51.7230, -0.5340, None),
    ("EYI", "HMP Elmley", "men", 51.4030, 0.7950, None),
]
