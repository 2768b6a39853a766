"""London postcode districts: (outward code, borough GSS code, latitude, longitude).

Every postcode district of the London postal area (E, EC, N, NW, SE, SW, W, WC) and the
outer-London districts in BR, CR, DA, EN, HA, IG, KT, RM, SM, TW and UB that lie mostly inside
Greater London. Districts that straddle a border belong to the borough holding most of them.

Both the centres and the borough assignments are approximate, compiled from general knowledge
rather than from the ONS Postcode Directory: good enough to place a postcode in a borough and
to order services by distance, not for navigation or for official statistics.

Sub-districts (EC1A, SW1A, W1T...) are found under their parent district through
resettle.core.postcodes.district_candidates; a few are listed here because most of them lies in
a different borough from the parent (EC2A in Hackney, WC2A and WC2B in Camden, W1T in Camden).
"""

# GSS codes, for reading the table below.
_CITY = "E09000001"
_BARKING = "E09000002"
_BARNET = "E09000003"
_BEXLEY = "E09000004"
_BRENT = "E09000005"
_BROMLEY = "E09000006"
_CAMDEN = "E09000007"
_CROYDON = "E09000008"
_EALING = "E09000009"
_ENFIELD = "E09000010"
_GREENWICH = "E09000011"
_HACKNEY = "E09000012"
_HAMMERSMITH = "E09000013"
_HARINGEY = "E09000014"
_HARROW = "E09000015"
_HAVERING = "E09000016"
_HILLINGDON = "E09000017"
_HOUNSLOW = "E09000018"
_ISLINGTON = "E09000019"
_KENSINGTON = "E09000020"
_KINGSTON = "E09000021"
_LAMBETH = "E09000022"
_LEWISHAM = "E09000023"
_MERTON = "E09000024"
_NEWHAM = "E09000025"
_REDBRIDGE = "E09000026"
_RICHMOND = "E09000027"
_SOUTHWARK = "E09000028"
_SUTTON = "E09000029"
_TOWER_HAMLETS = "E09000030"
_WALTHAM_FOREST = "E09000031"
_WANDSWORTH = "E09000032"
_WESTMINSTER = "E09000033"

DISTRICTS = [
    # East London (E)
    ("E1", _TOWER_HAMLETS, 51.517, -0.059),
    ("E1W", _TOWER_HAMLETS, 51.507, -0.059),
    ("E2", _TOWER_HAMLETS, 51.529, -0.060),
    ("E3", _TOWER_HAMLETS, 51.528, -0.024),
    ("E4", _WALTHAM_FOREST, 51.628, -0.003),
    ("E5", _HACKNEY, 51.559, -0.052),
    ("E6", _NEWHAM, 51.525, 0.056),
    ("E7", _NEWHAM, 51.548, 0.027),
    ("E8", _HACKNEY, 51.543, -0.065),
    ("E9", _HACKNEY, 51.543, -0.042),
    ("E10", _WALTHAM_FOREST, 51.568, -0.012),
    ("E11", _WALTHAM_FOREST, 51.569, 0.010),
    ("E12", _NEWHAM, 51.549, 0.052),
    ("E13", _NEWHAM, 51.527, 0.026),
    ("E14", _TOWER_HAMLETS, 51.505, -0.018),
    ("E15", _NEWHAM, 51.540, 0.000),
    ("E16", _NEWHAM, 51.510, 0.030),
    ("E17", _WALTHAM_FOREST, 51.586, -0.020),
    ("E18", _REDBRIDGE, 51.592, 0.026),
    ("E20", _NEWHAM, 51.543, -0.012),
    # East Central (EC)
    ("EC1", _ISLINGTON, 51.524, -0.100),
    ("EC1A", _CITY, 51.518, -0.099),
    ("EC1N", _CAMDEN, 51.520, -0.108),
    ("EC2", _CITY, 51.519, -0.089),
    ("EC2A", _HACKNEY, 51.524, -0.082),
    ("EC3", _CITY, 51.512, -0.080),
    ("EC4", _CITY, 51.513, -0.102),
    # North London (N)
    ("N1", _ISLINGTON, 51.538, -0.097),
    ("N1C", _CAMDEN, 51.535, -0.125),
    ("N2", _BARNET, 51.590, -0.169),
    ("N3", _BARNET, 51.601, -0.193),
    ("N4", _HARINGEY, 51.570, -0.103),
    ("N5", _ISLINGTON, 51.554, -0.097),
    ("N6", _HARINGEY, 51.571, -0.148),
    ("N7", _ISLINGTON, 51.553, -0.117),
    ("N8", _HARINGEY, 51.583, -0.118),
    ("N9", _ENFIELD, 51.626, -0.060),
    ("N10", _HARINGEY, 51.591, -0.144),
    ("N11", _BARNET, 51.614, -0.140),
    ("N12", _BARNET, 51.614, -0.176),
    ("N13", _ENFIELD, 51.620, -0.105),
    ("N14", _ENFIELD, 51.633, -0.128),
    ("N15", _HARINGEY, 51.581, -0.080),
    ("N16", _HACKNEY, 51.562, -0.076),
    ("N17", _HARINGEY, 51.597, -0.070),
    ("N18", _ENFIELD, 51.614, -0.066),
    ("N19", _ISLINGTON, 51.565, -0.130),
    ("N20", _BARNET, 51.630, -0.175),
    ("N21", _ENFIELD, 51.636, -0.100),
    ("N22", _HARINGEY, 51.600, -0.113),
    # North West London (NW)
    ("NW1", _CAMDEN, 51.534, -0.143),
    ("NW2", _BRENT, 51.560, -0.220),
    ("NW3", _CAMDEN, 51.553, -0.175),
    ("NW4", _BARNET, 51.588, -0.226),
    ("NW5", _CAMDEN, 51.552, -0.143),
    ("NW6", _CAMDEN, 51.543, -0.195),
    ("NW7", _BARNET, 51.614, -0.236),
    ("NW8", _WESTMINSTER, 51.531, -0.172),
    ("NW9", _BRENT, 51.585, -0.258),
    ("NW10", _BRENT, 51.543, -0.250),
    ("NW11", _BARNET, 51.578, -0.197),
    # South East London (SE)
    ("SE1", _SOUTHWARK, 51.500, -0.095),
    ("SE2", _GREENWICH, 51.490, 0.118),
    ("SE3", _GREENWICH, 51.467, 0.020),
    ("SE4", _LEWISHAM, 51.462, -0.035),
    ("SE5", _SOUTHWARK, 51.474, -0.092),
    ("SE6", _LEWISHAM, 51.438, -0.019),
    ("SE7", _GREENWICH, 51.484, 0.037),
    ("SE8", _LEWISHAM, 51.479, -0.027),
    ("SE9", _GREENWICH, 51.445, 0.055),
    ("SE10", _GREENWICH, 51.482, 0.000),
    ("SE11", _LAMBETH, 51.489, -0.111),
    ("SE12", _LEWISHAM, 51.446, 0.018),
    ("SE13", _LEWISHAM, 51.459, -0.010),
    ("SE14", _LEWISHAM, 51.475, -0.042),
    ("SE15", _SOUTHWARK, 51.470, -0.065),
    ("SE16", _SOUTHWARK, 51.496, -0.052),
    ("SE17", _SOUTHWARK, 51.488, -0.093),
    ("SE18", _GREENWICH, 51.483, 0.075),
    ("SE19", _CROYDON, 51.418, -0.085),
    ("SE20", _BROMLEY, 51.412, -0.058),
    ("SE21", _SOUTHWARK, 51.444, -0.088),
    ("SE22", _SOUTHWARK, 51.454, -0.069),
    ("SE23", _LEWISHAM, 51.442, -0.050),
    ("SE24", _LAMBETH, 51.452, -0.100),
    ("SE25", _CROYDON, 51.397, -0.074),
    ("SE26", _LEWISHAM, 51.428, -0.050),
    ("SE27", _LAMBETH, 51.431, -0.102),
    ("SE28", _GREENWICH, 51.502, 0.110),
    # South West London (SW)
    ("SW1", _WESTMINSTER, 51.497, -0.137),
    ("SW2", _LAMBETH, 51.450, -0.119),
    ("SW3", _KENSINGTON, 51.490, -0.168),
    ("SW4", _LAMBETH, 51.462, -0.140),
    ("SW5", _KENSINGTON, 51.490, -0.191),
    ("SW6", _HAMMERSMITH, 51.476, -0.201),
    ("SW7", _KENSINGTON, 51.496, -0.175),
    ("SW8", _LAMBETH, 51.477, -0.130),
    ("SW9", _LAMBETH, 51.467, -0.114),
    ("SW10", _KENSINGTON, 51.483, -0.182),
    ("SW11", _WANDSWORTH, 51.466, -0.163),
    ("SW12", _WANDSWORTH, 51.445, -0.148),
    ("SW13", _RICHMOND, 51.473, -0.245),
    ("SW14", _RICHMOND, 51.465, -0.263),
    ("SW15", _WANDSWORTH, 51.458, -0.221),
    ("SW16", _LAMBETH, 51.421, -0.128),
    ("SW17", _WANDSWORTH, 51.429, -0.165),
    ("SW18", _WANDSWORTH, 51.452, -0.194),
    ("SW19", _MERTON, 51.421, -0.206),
    ("SW20", _MERTON, 51.409, -0.227),
    # West London (W)
    ("W1", _WESTMINSTER, 51.514, -0.145),
    ("W1T", _CAMDEN, 51.520, -0.136),
    ("W2", _WESTMINSTER, 51.514, -0.180),
    ("W3", _EALING, 51.511, -0.268),
    ("W4", _HOUNSLOW, 51.492, -0.264),
    ("W5", _EALING, 51.513, -0.302),
    ("W6", _HAMMERSMITH, 51.493, -0.228),
    ("W7", _EALING, 51.511, -0.336),
    ("W8", _KENSINGTON, 51.501, -0.193),
    ("W9", _WESTMINSTER, 51.527, -0.191),
    ("W10", _KENSINGTON, 51.522, -0.211),
    ("W11", _KENSINGTON, 51.513, -0.205),
    ("W12", _HAMMERSMITH, 51.509, -0.234),
    ("W13", _EALING, 51.513, -0.322),
    ("W14", _HAMMERSMITH, 51.495, -0.209),
    # West Central (WC)
    ("WC1", _CAMDEN, 51.522, -0.122),
    ("WC2", _WESTMINSTER, 51.512, -0.124),
    ("WC2A", _CAMDEN, 51.516, -0.114),
    ("WC2B", _CAMDEN, 51.515, -0.121),
    # Bromley (BR)
    ("BR1", _BROMLEY, 51.410, 0.018),
    ("BR2", _BROMLEY, 51.385, 0.030),
    ("BR3", _BROMLEY, 51.405, -0.030),
    ("BR4", _BROMLEY, 51.374, -0.010),
    ("BR5", _BROMLEY, 51.393, 0.110),
    ("BR6", _BROMLEY, 51.368, 0.093),
    ("BR7", _BROMLEY, 51.418, 0.071),
    # Croydon (CR)
    ("CR0", _CROYDON, 51.375, -0.090),
    ("CR2", _CROYDON, 51.350, -0.080),
    ("CR4", _MERTON, 51.402, -0.160),
    ("CR5", _CROYDON, 51.318, -0.135),
    ("CR7", _CROYDON, 51.398, -0.105),
    ("CR8", _CROYDON, 51.337, -0.110),
    # Dartford (DA): the London side only
    ("DA5", _BEXLEY, 51.440, 0.148),
    ("DA6", _BEXLEY, 51.456, 0.140),
    ("DA7", _BEXLEY, 51.465, 0.150),
    ("DA8", _BEXLEY, 51.479, 0.180),
    ("DA14", _BEXLEY, 51.427, 0.105),
    ("DA15", _BEXLEY, 51.444, 0.093),
    ("DA16", _BEXLEY, 51.463, 0.108),
    ("DA17", _BEXLEY, 51.489, 0.152),
    ("DA18", _BEXLEY, 51.493, 0.140),
    # Enfield (EN)
    ("EN1", _ENFIELD, 51.655, -0.070),
    ("EN2", _ENFIELD, 51.660, -0.095),
    ("EN3", _ENFIELD, 51.660, -0.040),
    ("EN4", _BARNET, 51.645, -0.155),
    ("EN5", _BARNET, 51.652, -0.200),
    # Harrow (HA)
    ("HA0", _BRENT, 51.552, -0.298),
    ("HA1", _HARROW, 51.580, -0.335),
    ("HA2", _HARROW, 51.567, -0.352),
    ("HA3", _HARROW, 51.595, -0.320),
    ("HA4", _HILLINGDON, 51.573, -0.418),
    ("HA5", _HARROW, 51.595, -0.385),
    ("HA6", _HILLINGDON, 51.612, -0.424),
    ("HA7", _HARROW, 51.615, -0.310),
    ("HA8", _BARNET, 51.610, -0.275),
    ("HA9", _BRENT, 51.560, -0.285),
    # Ilford (IG)
    ("IG1", _REDBRIDGE, 51.558, 0.077),
    ("IG2", _REDBRIDGE, 51.577, 0.085),
    ("IG3", _REDBRIDGE, 51.564, 0.100),
    ("IG4", _REDBRIDGE, 51.577, 0.055),
    ("IG5", _REDBRIDGE, 51.590, 0.070),
    ("IG6", _REDBRIDGE, 51.595, 0.095),
    ("IG8", _REDBRIDGE, 51.607, 0.030),
    ("IG11", _BARKING, 51.537, 0.085),
    # Kingston upon Thames (KT)
    ("KT1", _KINGSTON, 51.410, -0.295),
    ("KT2", _KINGSTON, 51.418, -0.285),
    ("KT3", _KINGSTON, 51.400, -0.255),
    ("KT4", _SUTTON, 51.378, -0.240),
    ("KT5", _KINGSTON, 51.390, -0.290),
    ("KT6", _KINGSTON, 51.385, -0.300),
    ("KT9", _KINGSTON, 51.360, -0.300),
    # Romford (RM)
    ("RM1", _HAVERING, 51.585, 0.185),
    ("RM2", _HAVERING, 51.585, 0.205),
    ("RM3", _HAVERING, 51.605, 0.240),
    ("RM5", _HAVERING, 51.600, 0.165),
    ("RM6", _REDBRIDGE, 51.575, 0.130),
    ("RM7", _HAVERING, 51.570, 0.175),
    ("RM8", _BARKING, 51.548, 0.125),
    ("RM9", _BARKING, 51.535, 0.140),
    ("RM10", _BARKING, 51.545, 0.160),
    ("RM11", _HAVERING, 51.565, 0.220),
    ("RM12", _HAVERING, 51.550, 0.205),
    ("RM13", _HAVERING, 51.520, 0.195),
    ("RM14", _HAVERING, 51.555, 0.250),
    # Sutton (SM)
    ("SM1", _SUTTON, 51.365, -0.190),
    ("SM2", _SUTTON, 51.350, -0.190),
    ("SM3", _SUTTON, 51.360, -0.215),
    ("SM4", _MERTON, 51.395, -0.200),
    ("SM5", _SUTTON, 51.368, -0.165),
    ("SM6", _SUTTON, 51.360, -0.145),
    # Twickenham (TW)
    ("TW1", _RICHMOND, 51.448, -0.330),
    ("TW2", _RICHMOND, 51.448, -0.355),
    ("TW3", _HOUNSLOW, 51.467, -0.362),
    ("TW4", _HOUNSLOW, 51.465, -0.390),
    ("TW5", _HOUNSLOW, 51.483, -0.385),
    ("TW6", _HILLINGDON, 51.470, -0.450),
    ("TW7", _HOUNSLOW, 51.473, -0.330),
    ("TW8", _HOUNSLOW, 51.487, -0.305),
    ("TW9", _RICHMOND, 51.465, -0.298),
    ("TW10", _RICHMOND, 51.447, -0.300),
    ("TW11", _RICHMOND, 51.425, -0.330),
    ("TW12", _RICHMOND, 51.420, -0.370),
    ("TW13", _HOUNSLOW, 51.445, -0.410),
    ("TW14", _HOUNSLOW, 51.450, -0.430),
    # Southall (UB)
    ("UB1", _EALING, 51.510, -0.375),
    ("UB2", _EALING, 51.500, -0.375),
    ("UB3", _HILLINGDON, 51.505, -0.420),
    ("UB4", _HILLINGDON, 51.525, -0.405),
    ("UB5", _EALING, 51.545, -0.365),
    ("UB6", _EALING, 51.530, -0.350),
    ("UB7", _HILLINGDON, 51.505, -0.470),
    ("UB8", _HILLINGDON, 51.545, -0.480),
    ("UB9", _HILLINGDON, 51.595, -0.480),
    ("UB10", _HILLINGDON, 51.560, -0.450),
    ("UB11", _HILLINGDON, 51.515, -0.450),
]

# Post towns for the outer-London areas; everything in E, EC, N, NW, SE, SW, W and WC is
# "London". Used for addresses, which name the post town rather than the borough.
POST_TOWNS = {
    "BR1": "Bromley",
    "BR2": "Bromley",
    "BR3": "Beckenham",
    "BR4": "West Wickham",
    "BR5": "Orpington",
    "BR6": "Orpington",
    "BR7": "Chislehurst",
    "CR0": "Croydon",
    "CR2": "South Croydon",
    "CR4": "Mitcham",
    "CR5": "Coulsdon",
    "CR7": "Thornton Heath",
    "CR8": "Purley",
    "DA5": "Bexley",
    "DA6": "Bexleyheath",
    "DA7": "Bexleyheath",
    "DA8": "Erith",
    "DA14": "Sidcup",
    "DA15": "Sidcup",
    "DA16": "Welling",
    "DA17": "Belvedere",
    "DA18": "Erith",
    "EN1": "Enfield",
    "EN2": "Enfield",
    "EN3": "Enfield",
    "EN4": "Barnet",
    "EN5": "Barnet",
    "HA0": "Wembley",
    "HA1": "Harrow",
    "HA2": "Harrow",
    "HA3": "Harrow",
    "HA4": "Ruislip",
    "HA5": "Pinner",
    "HA6": "Northwood",
    "HA7": "Stanmore",
    "HA8": "Edgware",
    "HA9": "Wembley",
    "IG1": "Ilford",
    "IG2": "Ilford",
    "IG3": "Ilford",
    "IG4": "Ilford",
    "IG5": "Ilford",
    "IG6": "Ilford",
    "IG8": "Woodford Green",
    "IG11": "Barking",
    "KT1": "Kingston upon Thames",
    "KT2": "Kingston upon Thames",
    "KT3": "New Malden",
    "KT4": "Worcester Park",
    "KT5": "Surbiton",
    "KT6": "Surbiton",
    "KT9": "Chessington",
    "RM1": "Romford",
    "RM2": "Romford",
    "RM3": "Romford",
    "RM5": "Romford",
    "RM6": "Romford",
    "RM7": "Romford",
    "RM8": "Dagenham",
    "RM9": "Dagenham",
    "RM10": "Dagenham",
    "RM11": "Hornchurch",
    "RM12": "Hornchurch",
    "RM13": "Rainham",
    "RM14": "Upminster",
    "SM1": "Sutton",
    "SM2": "Sutton",
    "SM3": "Sutton",
    "SM4": "Morden",
    "SM5": "Carshalton",
    "SM6": "Wallington",
    "TW1": "Twickenham",
    "TW2": "Twickenham",
    "TW3": "Hounslow",
    "TW4": "Hounslow",
    "TW5": "Hounslow",
    "TW6": "Hounslow",
    "TW7": "Isleworth",
    "TW8": "Brentford",
    "TW9": "Richmond",
    "TW10": "Richmond",
    "TW11": "Teddington",
    "TW12": "Hampton",
    "TW13": "Feltham",
    "TW14": "Feltham",
    "UB1": "Southall",
    "UB2": "Southall",
    "UB3": "Hayes",
    "UB4": "Hayes",
    "UB5": "Northolt",
    "UB6": "Greenford",
    "UB7": "West Drayton",
    "UB8": "Uxbridge",
    "UB9": "Uxbridge",
    "UB10": "Uxbridge",
    "UB11": "Uxbridge",
}


def post_town(district: str) -> str:
    return POST_TOWNS.get(district, "London")
