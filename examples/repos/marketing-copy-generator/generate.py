import json
import sys

import pandas as pd
from openai import OpenAI

client = OpenAI()  # uses OPENAI_API_KEY
TEMPLATE = open("prompts/product_description.txt").read()


def build_prompt(row, language):
    return TEMPLATE.format(language=language, title=row["title"], brand=row["brand"], category=row["category"], attributes=row["attributes"])


def generate(row, language):
    resp = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": build_prompt(row, language)}],
        temperature=0.8,
        response_format={"type": "json_object"},
    )
    return json.loads(resp.choices[0].message.content)


if __name__ == "__main__":
    listings = pd.read_csv(sys.argv[1])
    language = sys.argv[sys.argv.index("--language") + 1] if "--language" in sys.argv else "de"
    out = []
    for _, row in listings.iterrows():
        try:
            out.append({"sku": row["sku"], **generate(row, language)})
        except Exception as e:
            print("failed", row["sku"], e, file=sys.stderr)
    pd.DataFrame(out).to_csv(sys.stdout, index=False)
