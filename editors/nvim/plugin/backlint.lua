-- :Backlint explain | scan | payload (the server itself starts via vim.lsp.enable('backlint')).
if vim.g.loaded_backlint then
  return
end
vim.g.loaded_backlint = true

vim.api.nvim_create_user_command('Backlint', function(args)
  require('backlint').command(args)
end, {
  nargs = 1,
  complete = function()
    return vim.tbl_keys(require('backlint').subcommands)
  end,
  desc = 'backlint: explain the finding under the cursor, scan the workspace, or show the model payload',
})
