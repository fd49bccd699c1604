"""quotegen: per-client YAML in, sourced and branded staff-leasing proposals out.

The pipeline is visible in the modules:
    loader (load) -> schema (validate) -> pricing (price) -> recommend (recommend)
    -> render (HTML/PDF) -> write (files on disk)
and `quotegen.api` ties them together for library users and the CLI.
"""

__version__ = "0.1.0"
