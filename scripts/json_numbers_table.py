#!/usr/bin/env python3
"""Writes Tests/CatalogImportTests/Fixtures/json/numbers.json: JSON number texts and the double
Python's json module reads for each (json.loads, which rounds correctly, as float() does), as the
IEEE-754 bit pattern, for ConfigPlainJSONTests. Long mantissas (16 to 25 significant digits) are
where Foundation's JSONSerialization, rounding through Decimal, is off by a few ulps.

Usage: python3 scripts/json_numbers_table.py
"""
import json, os, random, struct

random.seed(20261205)
texts = [
    "0.0894622078468077", "0.1111111111111111", "100.00000000000001", "0.30000000000000004",
    "0.9999999999999999", "1.0000000000000002", "1.2345678901234567890", "0.1", "1e23", "1E-5",
    "-0.0", "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "8.98846567431158e307",
    "9007199254740993.0", "0.0010000000474974513", "1.001e-05", "2.5e-1", "123456789012345678901234.5",
]
for digits in (16, 17, 18, 20, 25):
    for _ in range(60):
        value = random.uniform(-1, 1) * 10 ** random.randint(-30, 30)
        texts.append(f"{value:.{digits - 1}e}")
        mantissa = f"{abs(value):.{digits}g}"
        if "e" not in mantissa and "." in mantissa:
            texts.append(("-" if value < 0 else "") + mantissa)
cases = []
for text in texts:
    number = json.loads(text)
    assert isinstance(number, float), text
    cases.append({"text": text, "bits": str(struct.unpack("<Q", struct.pack("<d", number))[0])})
root = os.path.join(os.path.dirname(__file__), "..", "Tests", "CatalogImportTests", "Fixtures", "json")
os.makedirs(root, exist_ok=True)
with open(os.path.join(root, "numbers.json"), "w") as f:
    json.dump({"reader": "Python json.loads", "cases": cases}, f, indent=1)
print(len(cases), "cases")
