-- backlint for Neovim: setup{} and the :Backlint command (explain, scan, payload).
local M = {}

local NAME = 'backlint'

--- Configure and enable the server.
--- @param opts? { settings?: table, cmd?: string[], filetypes?: string[], root_markers?: string[], enable?: boolean }
---   settings: the server's settings, e.g. { select = { 'BL1' }, llm = { provider = 'offline' } }
function M.setup(opts)
  opts = opts or {}
  local config = {}
  if opts.settings then
    -- `settings = {}` means none: send {} rather than the [] an empty Lua table encodes to.
    local settings = vim.tbl_isempty(opts.settings) and vim.empty_dict() or opts.settings
    config.settings = { backlint = settings }
    config.init_options = settings
  end
  if opts.cmd then
    vim.g.backlint_cmd = opts.cmd
  end
  config.filetypes = opts.filetypes
  config.root_markers = opts.root_markers
  vim.lsp.config(NAME, config)
  if opts.enable ~= false then
    vim.lsp.enable(NAME)
  end
end

local function client_for(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = NAME })[1]
end

--- The backlint finding under the cursor (or the first one on the cursor's line).
--- @return table|nil lsp_diagnostic
function M.finding_at_cursor(bufnr)
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  row = row - 1
  local on_line = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr, { lnum = row })) do
    local lsp = diagnostic.user_data and diagnostic.user_data.lsp
    if lsp and lsp.source == 'backlint' and lsp.data and lsp.data.fingerprint then
      if col >= diagnostic.col and col < math.max(diagnostic.end_col, diagnostic.col + 1) then
        return lsp
      end
      table.insert(on_line, lsp)
    end
  end
  return on_line[1]
end

local function run(command, arguments, done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    vim.notify('backlint: the server is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  client:exec_cmd({ title = command, command = command, arguments = arguments }, { bufnr = bufnr }, function(err, result)
    if err then
      vim.notify(('backlint: %s failed: %s'):format(command, err.message), vim.log.levels.ERROR)
    elseif done then
      done(result)
    end
  end)
end

local function on_finding(command)
  return function()
    local bufnr = vim.api.nvim_get_current_buf()
    local finding = M.finding_at_cursor(bufnr)
    if not finding then
      vim.notify('backlint: no finding under the cursor', vim.log.levels.INFO)
      return
    end
    -- The server opens the result itself (window/showDocument).
    run(command, { vim.uri_from_bufnr(bufnr), finding.data.fingerprint })
  end
end

M.subcommands = {
  explain = on_finding('backlint.explain'),
  payload = on_finding('backlint.showPayload'),
  scan = function()
    run('backlint.scanWorkspace', {}, function()
      vim.notify('backlint: workspace scanned', vim.log.levels.INFO)
    end)
  end,
}

function M.command(args)
  local action = M.subcommands[args.fargs[1] or '']
  if not action then
    vim.notify('usage: :Backlint explain|scan|payload', vim.log.levels.ERROR)
    return
  end
  action()
end

return M
