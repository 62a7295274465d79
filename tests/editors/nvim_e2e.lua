-- End-to-end checks of editors/nvim in a real headless Neovim against the real server.
-- Run by tests/editors/test_nvim_e2e.py, after the user's init.lua (one of the README's setups):
--   nvim --headless --cmd 'luafile tests/editors/nvim_messages.lua' -c 'luafile tests/editors/nvim_e2e.lua'
-- with BACKLINT_E2E_WORKSPACE (the prepared sample workspace, with .backlint-e2e/expectations.json),
-- BACKLINT_E2E_RESULTS (where results go) and BACKLINT_E2E_SUITE: `full` (every feature) or `quick`
-- (start-up, hover and a code action: what a new user sees first). Both end by checking that no
-- backlint warning or error was shown.
local workspace = assert(vim.env.BACKLINT_E2E_WORKSPACE, 'BACKLINT_E2E_WORKSPACE')
local results_file = assert(vim.env.BACKLINT_E2E_RESULTS, 'BACKLINT_E2E_RESULTS')
local suite = vim.env.BACKLINT_E2E_SUITE or 'full'
local TIMEOUT = 30000

vim.cmd.cd(workspace)

local expectations = vim.json.decode(table.concat(vim.fn.readfile(workspace .. '/.backlint-e2e/expectations.json'), '\n'))
local results = {}

local function check(name, body)
  local ok, err = xpcall(body, debug.traceback)
  table.insert(results, { name = name, ok = ok, error = (not ok) and tostring(err) or nil })
end

-- A check of one suite only (the others run in both).
local function check_in(only, name, body)
  if suite == only then
    check(name, body)
  end
end

-- vim.wait runs the event loop (LSP messages are handled) until the condition holds.
local function wait_for(what, condition, timeout)
  local value
  local ok = vim.wait(timeout or TIMEOUT, function()
    value = condition()
    return value ~= nil and value ~= false
  end, 20)
  assert(ok, 'timed out waiting for ' .. what)
  return value
end

local function path_of(name)
  return workspace .. '/' .. name
end

local function backlint_diagnostics(bufnr)
  local out = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = diagnostic.user_data and diagnostic.user_data.lsp
    if lsp and lsp.source == 'backlint' then
      table.insert(out, { diagnostic = diagnostic, lsp = lsp })
    end
  end
  return out
end

local function key(rule, range)
  return ('%s@%d:%d-%d:%d'):format(rule, range.start[1], range.start[2], range['end'][1], range['end'][2])
end

local function lsp_key(lsp)
  local r = lsp.range
  return key(lsp.code, { start = { r.start.line, r.start.character }, ['end'] = { r['end'].line, r['end'].character } })
end

-- Waits until the buffer's backlint diagnostics are exactly the expected (rule, UTF-8 range) set.
local function wait_for_findings(bufnr, expected, what)
  local want = {}
  for _, finding in ipairs(expected) do
    table.insert(want, key(finding.rule, finding.utf8))
  end
  table.sort(want)
  return wait_for(what .. ': ' .. table.concat(want, ', '), function()
    local got = {}
    local found = backlint_diagnostics(bufnr)
    for _, item in ipairs(found) do
      table.insert(got, lsp_key(item.lsp))
    end
    table.sort(got)
    return vim.deep_equal(got, want) and found or nil
  end)
end

-- Shows the file, loading it only once: `:edit` of a loaded buffer would reload it and
-- make the server close and reopen the document.
local function open(name)
  local bufnr = vim.fn.bufnr(path_of(name))
  if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
    vim.api.nvim_set_current_buf(bufnr)
  else
    vim.cmd.edit(vim.fn.fnameescape(path_of(name)))
  end
  return vim.api.nvim_get_current_buf()
end

local function client_of(bufnr)
  return wait_for('backlint to attach', function()
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'backlint' })[1]
  end)
end

local function find_expected(file, fingerprint)
  for _, finding in ipairs(expectations.files[file]) do
    if finding.fingerprint == fingerprint then
      return finding
    end
  end
end

local fix = expectations.fix
local target = find_expected(fix.file, fix.fingerprint)

check('server attaches at the workspace root and negotiates UTF-8', function()
  local bufnr = open(fix.file)
  local client = client_of(bufnr)
  assert(client.offset_encoding == 'utf-8', 'offset encoding ' .. tostring(client.offset_encoding))
  assert(client.config.root_dir == vim.fs.normalize(workspace) or client.config.root_dir == vim.uv.fs_realpath(workspace),
    'root ' .. tostring(client.config.root_dir))
end)

-- An empty Lua table encodes as the JSON array []: the plugin must send objects in each place
-- settings go (a server that tolerates [] would hide the mistake from the message check).
check('the plugin sends its settings as JSON objects', function()
  if #vim.api.nvim_get_runtime_file('lsp/backlint.lua', false) == 0 then
    return -- configured by hand, without the plugin (the README's nvim-lspconfig style)
  end
  local client = client_of(open(fix.file))
  local handler = client.handlers['workspace/configuration'] or vim.lsp.handlers['workspace/configuration']
  local answer = handler(nil, { items = { { section = 'backlint' } } }, { client_id = client.id, method = 'workspace/configuration' })
  local sent = {
    initializationOptions = client.config.init_options,
    ['workspace/didChangeConfiguration settings.backlint'] = client.settings.backlint,
    ['workspace/configuration answer'] = answer[1],
  }
  local wrong = {}
  for where, value in pairs(sent) do
    local json = vim.json.encode(value)
    if json:sub(1, 1) ~= '{' then
      table.insert(wrong, where .. ' is sent as ' .. json)
    end
  end
  table.sort(wrong)
  assert(#wrong == 0, table.concat(wrong, '; '))
end)

check_in('quick', 'the finding to hover is shown, at its UTF-8 range', function()
  local bufnr = open(fix.file)
  wait_for(target.rule .. ' in ' .. fix.file, function()
    for _, item in ipairs(backlint_diagnostics(bufnr)) do
      if item.lsp.data.fingerprint == target.fingerprint then
        return lsp_key(item.lsp) == key(target.rule, target.utf8)
      end
    end
  end)
end)

check_in('full', 'diagnostics match the core findings with UTF-8 ranges', function()
  for _, name in ipairs(expectations.opened) do
    local bufnr = open(name)
    local found = wait_for_findings(bufnr, expectations.files[name], 'findings in ' .. name)
    for _, finding in ipairs(expectations.files[name]) do
      local match
      for _, item in ipairs(found) do
        if lsp_key(item.lsp) == key(finding.rule, finding.utf8) then
          match = item
        end
      end
      assert(match, finding.rule .. ' in ' .. name)
      assert(match.lsp.message == finding.message, 'message: ' .. match.lsp.message)
      assert(match.lsp.data.fingerprint == finding.fingerprint, 'fingerprint equals the CLI one')
      -- Neovim's byte columns are the UTF-8 offsets of the same range.
      assert(match.diagnostic.col == finding.utf8.start[2], 'start byte column')
      assert(match.diagnostic.end_col == finding.utf8['end'][2], 'end byte column')
    end
  end
  -- The sample has a finding after non-ASCII text, where UTF-8 and UTF-16 columns differ.
  local differs = false
  for _, findings in pairs(expectations.files) do
    for _, finding in ipairs(findings) do
      differs = differs or finding.utf8.start[2] ~= finding.utf16.start[2]
    end
  end
  assert(differs, 'the samples exercise a column where the encodings differ')
end)

check('hover explains the finding', function()
  local bufnr = open(fix.file)
  local client = client_of(bufnr)
  local response = client:request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = target.utf8.start[1], character = target.utf8.start[2] },
  }, TIMEOUT, bufnr)
  assert(response and not response.err, 'hover failed: ' .. vim.inspect(response))
  local contents = response.result and response.result.contents
  local text = type(contents) == 'table' and (contents.value or vim.inspect(contents)) or tostring(contents)
  assert(text:find(target.rule, 1, true), 'hover names the rule: ' .. text)
  assert(text:find(target.summary, 1, true), 'hover carries the summary: ' .. text)
end)

-- The code actions the server lists for the finding that has a deterministic fix.
local function code_actions_for_fix_target()
  local bufnr = open(fix.file)
  local client = client_of(bufnr)
  local diagnostic
  for _, item in ipairs(backlint_diagnostics(bufnr)) do
    if item.lsp.data.fingerprint == fix.fingerprint then
      diagnostic = item.lsp
    end
  end
  assert(diagnostic, 'the finding to fix is shown')
  local response = client:request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = diagnostic.range,
    context = { diagnostics = { diagnostic }, triggerKind = 1 },
  }, TIMEOUT, bufnr)
  assert(response and not response.err, 'codeAction failed: ' .. vim.inspect(response))
  return bufnr, client, response
end

check('code actions offer the backend expert', function()
  local _, _, response = code_actions_for_fix_target()
  local titles = vim.tbl_map(function(action)
    return action.title
  end, response.result or {})
  assert(vim.list_contains(titles, 'Explain with backend expert'), 'explain among ' .. vim.inspect(titles))
end)

check('code actions: list, resolve and apply the quick fix; the buffer equals the core fix', function()
  local bufnr, client, response = code_actions_for_fix_target()
  local titles, action = {}, nil
  for _, candidate in ipairs(response.result or {}) do
    table.insert(titles, candidate.title)
    if candidate.title == fix.title then
      action = candidate
    end
  end
  assert(action, fix.title .. ' among ' .. vim.inspect(titles))
  assert(action.kind == 'quickfix', 'kind ' .. tostring(action.kind))
  if not action.edit and action.data then
    local resolved = client:request_sync('codeAction/resolve', action, TIMEOUT, bufnr)
    assert(resolved and not resolved.err, 'resolve failed: ' .. vim.inspect(resolved))
    action = resolved.result
  end
  assert(action.edit, 'the quick fix carries an edit')
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  if action.command then
    client:exec_cmd(action.command, { bufnr = bufnr })
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
  assert(text == fix.fixedText, 'buffer after the fix:\n' .. text .. '\nexpected:\n' .. fix.fixedText)
  wait_for('the fixed finding to go away', function()
    for _, item in ipairs(backlint_diagnostics(bufnr)) do
      if item.lsp.code == target.rule and item.lsp.range.start.line == target.utf8.start[1] then
        return nil
      end
    end
    return true
  end)
  vim.cmd.write()
end)

-- Runs :Backlint <sub> with the cursor on the first finding of the payload file and waits for the
-- server to open a buffer whose name ends in `suffix` and that names the rule.
local function run_on_finding(sub, suffix)
  local bufnr = open(expectations.payloadFile)
  client_of(bufnr)
  local finding = expectations.files[expectations.payloadFile][1]
  wait_for_findings(bufnr, expectations.files[expectations.payloadFile], 'findings before :Backlint ' .. sub)
  vim.api.nvim_win_set_cursor(0, { finding.utf8.start[1] + 1, finding.utf8.start[2] })
  vim.cmd('Backlint ' .. sub)
  return wait_for('the ' .. sub .. ' result to open', function()
    local current = vim.api.nvim_get_current_buf()
    local name = vim.api.nvim_buf_get_name(current)
    if current ~= bufnr and vim.endswith(name, suffix) then
      local text = table.concat(vim.api.nvim_buf_get_lines(current, 0, -1, false), '\n')
      return text:find(finding.rule, 1, true) and text or nil
    end
  end, 60000)
end

check_in('full', ':Backlint payload opens what would be sent', function()
  local text = run_on_finding('payload', '.json')
  assert(type(vim.json.decode(text)) == 'table', 'the payload is JSON')
end)

check_in('full', ':Backlint explain opens the explanation', function()
  local text = run_on_finding('explain', '.md')
  assert(#text > 0)
end)

check_in('full', ':Backlint scan reports files that are not open', function()
  local uri = vim.uri_from_fname(path_of(expectations.unopened))
  local bufnr = vim.uri_to_bufnr(uri)
  assert(#backlint_diagnostics(bufnr) == 0, 'no diagnostics before the scan')
  open(expectations.payloadFile)
  vim.cmd('Backlint scan')
  wait_for_findings(bufnr, expectations.files[expectations.unopened], 'scan results for ' .. expectations.unopened)
end)

check_in('full', 'no server found: the locator says what to install', function()
  local saved_path = vim.env.PATH
  vim.env.PATH = ''
  local command, message = require('backlint.server').find(vim.fn.tempname())
  vim.env.PATH = saved_path
  assert(command == nil, 'nothing found')
  assert(message:find('pip install backlint', 1, true), message)
end)

-- A pull waits until the server has finished loading the settings (and any reload the client's
-- didChangeConfiguration started), so whatever it had to say about them has arrived by then.
local function settle()
  local bufnr = open(fix.file)
  local client = client_of(bufnr)
  if client.server_capabilities.diagnosticProvider then
    local response = client:request_sync('textDocument/diagnostic', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    }, TIMEOUT, bufnr)
    assert(response and not response.err, 'diagnostic pull failed: ' .. vim.inspect(response))
  end
end

-- What the user was shown about backlint at warning or error level: from vim.notify (recorded by
-- nvim_messages.lua, with levels) and from :messages (anything echoed without vim.notify).
local function loud_messages()
  assert(_G.backlint_e2e_notified, 'nvim_messages.lua was not loaded (--cmd)')
  local loud, quiet = {}, {}
  for _, note in ipairs(_G.backlint_e2e_notified) do
    if note.message:find('backlint', 1, true) then
      table.insert(note.level >= vim.log.levels.WARN and loud or quiet, note.message)
    end
  end
  local function known(line)
    for _, message in ipairs(vim.list_extend(vim.list_extend({}, loud), quiet)) do
      if message:find(line, 1, true) then
        return true
      end
    end
  end
  local history = vim.api.nvim_exec2('messages', { output = true }).output
  for line in history:gmatch('[^\n]+') do
    if line:find('LSP[backlint]', 1, true) and not known(line) then
      table.insert(loud, line)
    end
  end
  return loud
end

check('no backlint warning or error was shown', function()
  settle()
  local loud = loud_messages()
  assert(#loud == 0, 'shown to the user:\n' .. table.concat(loud, '\n'))
end)

local failed = 0
for _, result in ipairs(results) do
  if not result.ok then
    failed = failed + 1
  end
end
vim.fn.writefile({ vim.json.encode(results) }, results_file)
for _, client in ipairs(vim.lsp.get_clients({ name = 'backlint' })) do
  client:stop(true)
end
vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
