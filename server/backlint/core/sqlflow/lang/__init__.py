"""One package (or module) per language whose SQL flow is described by data and hooks: `PROFILE` (a
`sqlflow.profile.Profile`), registered under the package's name, which is the language's name."""
