-- backlint language server for Neovim 0.11+: `vim.lsp.enable('backlint')` uses this file from
-- the runtimepath. Settings are the server's (section "backlint"); see editors/nvim/README.md.
return {
  -- Resolved when the server starts, so the project's own .venv is found from its root.
  cmd = function(dispatchers, config)
    local root = config and config.root_dir or vim.fn.getcwd()
    local command, origin = require('backlint.server').find(root)
    if not command then
      vim.notify('backlint: ' .. origin, vim.log.levels.ERROR)
      error(origin)
    end
    return vim.lsp.rpc.start(command, dispatchers, { cwd = root })
  end,
  filetypes = {
    'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'go', 'java',
    'php', 'cs', 'ruby', 'kotlin', 'rust',
    -- configuration formats, read for secrets (`.env` files are filetype `sh`, `.properties` `jproperties`)
    'yaml', 'yaml.docker-compose', 'json', 'jsonc', 'sh', 'terraform', 'terraform-vars', 'hcl', 'dockerfile', 'toml',
    'jproperties',
  },
  root_markers = { 'backlint.toml', 'pyproject.toml', 'package.json', 'go.mod', 'pom.xml', 'build.gradle', '.git' },
  -- Empty: the server's defaults and the project's [tool.backlint] / backlint.toml apply.
  -- vim.empty_dict(), not {}: an empty Lua table goes out as the JSON array [], and the server wants
  -- an object (here, in workspace/didChangeConfiguration and in answers to workspace/configuration).
  settings = { backlint = vim.empty_dict() },
  init_options = vim.empty_dict(),
}
