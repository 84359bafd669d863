import pickle

import pandas as pd
from sklearn.linear_model import LinearRegression

frame = pd.read_csv("scores.csv")
model = LinearRegression().fit(frame[["x"]], frame["y"])
pickle.dump(model, open("model.pkl", "wb"))
