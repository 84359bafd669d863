import mlflow.pyfunc
from fastapi import FastAPI

app = FastAPI()
model = mlflow.pyfunc.load_model("models:/demand-forecast@champion")


@app.post("/forecast")
def forecast(rows: list[dict]) -> dict:
    import pandas as pd

    return {"units": model.predict(pd.DataFrame(rows)).tolist()}
