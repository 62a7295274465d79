-- Finds the backlint language server: an explicit command, else the project's virtual
-- environment, else `backlint` on PATH. Mirrors the VS Code extension's order.
local M = {}

M.install_hint = 'backlint is not installed where Neovim can find it. Install it with '
  .. '`pip install backlint` (into the project\'s .venv, or so that `backlint` is on PATH), '
  .. 'or pass `cmd = { "/path/to/backlint", "serve" }` to require("backlint").setup{}.'

local venv_names = { '.venv', 'venv', 'env' }

--- @param root string|nil the workspace root
--- @return string[]|nil command, string origin
function M.find(root)
  local explicit = vim.g.backlint_cmd
  if type(explicit) == 'table' and #explicit > 0 then
    return explicit, 'vim.g.backlint_cmd'
  end
  if root then
    for _, name in ipairs(venv_names) do
      local executable = vim.fs.joinpath(root, name, 'bin', 'backlint')
      if vim.fn.executable(executable) == 1 then
        return { executable, 'serve' }, 'the project environment ' .. vim.fs.joinpath(root, name)
      end
    end
  end
  local on_path = vim.fn.exepath('backlint')
  if on_path ~= '' then
    return { on_path, 'serve' }, 'PATH'
  end
  return nil, M.install_hint
end

return M
