"""Engine: the cost engine and the model-selection engine.

In:  a validated `ClientFile`, the `ProviderConfig` and the `data` tables.
Out: one frozen `Quote`: every role priced in-house and as each alternative, a model chosen
     with its reasons, cost of ownership and sensitivity; every amount rounded once.
"""
