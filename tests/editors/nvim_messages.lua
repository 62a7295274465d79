-- Loaded with --cmd, before the user's init.lua runs: keeps every vim.notify call with its level
-- (Neovim shows a server's window/showMessage through it, as "LSP[backlint] ..."), so that
-- nvim_e2e.lua can tell a warning from information, which :messages alone does not say.
_G.backlint_e2e_notified = {}
local notify = vim.notify
vim.notify = function(message, level, opts)
  table.insert(_G.backlint_e2e_notified, { message = tostring(message), level = level or vim.log.levels.INFO })
  return notify(message, level, opts)
end
