"""London postcode districts: (outward code, borough GSS code, latitude, longitude).

Each district is assigned to the borough holding most of it; centres are approximate.
"""

DISTRICTS = [
    ("EC1", "E09000019", 51.5246, -0.1000),
    ("N1", "E09000019", 51.5390, -0.0980),
    ("N7", "E09000019", 51.5530, -0.1170),
    ("NW1", "E09000007", 51.5340, -0.1440),
    ("SE1", "E09000028", 51.4990, -0.0900),
    ("SW2", "E09000022", 51.4500, -0.1200),
    ("E1", "E09000030", 51.5170, -0.0580),
    ("W12", "E09000013", 51.5090, -0.2350),
]
