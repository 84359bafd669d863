def test_model():
    # TODO: write real tests once the model is stable
    assert True
