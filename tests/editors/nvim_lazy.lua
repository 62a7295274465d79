-- What lazy.nvim does with a local plugin spec such as the README's
--   { dir = ..., ft = ..., opts = ..., config = function(_, opts) ... end }
-- so that the test can run that snippet as written (lazy.nvim itself cannot be installed from a
-- package registry). Used from the test's init.lua: dofile(this file)(spec).
--
-- Loading a plugin: put `dir` on the runtimepath, source its plugin/ files, then call
-- config(plugin, opts). Without `ft` that happens at start-up; with `ft`, on the first FileType
-- event of one of those filetypes, after which lazy.nvim fires that event again for the buffer in
-- the autocommand groups the plugin added, so that they see the buffer that triggered the load.
return function(spec)
  assert(type(spec) == 'table' and type(spec.dir) == 'string', 'a spec with `dir`')
  assert(type(spec.config) == 'function', 'the README spec has a config function')

  local function load()
    vim.opt.runtimepath:append(spec.dir)
    for _, file in ipairs(vim.fn.glob(spec.dir .. '/plugin/**/*.lua', false, true)) do
      vim.cmd.source(vim.fn.fnameescape(file))
    end
    -- lazy.nvim hands config a merged copy of the spec's opts.
    spec.config(spec, vim.deepcopy(spec.opts or {}))
  end

  if not spec.ft then
    load()
    return
  end

  local function filetype_groups()
    local groups = {}
    for _, autocmd in ipairs(vim.api.nvim_get_autocmds({ event = 'FileType' })) do
      if autocmd.group then
        groups[autocmd.group] = true
      end
    end
    return groups
  end

  vim.api.nvim_create_autocmd('FileType', {
    pattern = spec.ft,
    once = true,
    callback = function(args)
      local before = filetype_groups()
      load()
      for group in pairs(filetype_groups()) do
        if not before[group] then
          vim.api.nvim_exec_autocmds('FileType', { group = group, buffer = args.buf, modeline = false })
        end
      end
    end,
  })
end
