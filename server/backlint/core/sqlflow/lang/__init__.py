"""One module per language whose SQL flow is described by data and hooks: `PROFILE` (a
`sqlflow.profile.Profile`), registered under the module's name, which is the language's name."""
