from pathlib import Path

from fastapi import FastAPI
from jinja2 import Template
from openai import AzureOpenAI

app = FastAPI()
client = AzureOpenAI()
PROMPT = Template(Path(__file__).parent.parent.joinpath("prompts", "answer.jinja2").read_text())


@app.post("/answer")
def answer(question: dict) -> dict:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": PROMPT.render(product="Acme Cloud")},
                  {"role": "user", "content": question["text"]}],
    )
    return {"answer": completion.choices[0].message.content}
