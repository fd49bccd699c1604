"""Input: the files people write, read and checked.

In:  client YAML files and the provider's quotegen.yaml, as bytes on disk.
Out: a validated `ClientFile` and `ProviderConfig` (pydantic, frozen), or every problem at
     once as `InputError` values naming file, line, column and field.
"""
