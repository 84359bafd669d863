import pandas as pd

from generate import build_prompt


def test_prompt():
    row = pd.Series({"title": "Espresso machine X2", "brand": "Brewly", "category": "Kitchen", "attributes": "15 bar, 1.2 l tank"})
    print(build_prompt(row, "de"))
