-- Drives a real Neovim 0.7 against the loopguard language server, headless. The plan (JSON in $LG_PLAN)
-- names the files to open and the code actions to apply; the results go to plan.out as JSON.
-- Run by tests/neovim.test.ts: nvim --headless -n --clean -u test.lua <first file>
local plan = vim.fn.json_decode(os.getenv('LG_PLAN'))
local results = { diagnostics = {}, applied = {}, errors = {}, resolved_lazily = {} }

local function fail(message)
  table.insert(results.errors, message)
end

-- The server answers each version with a quick pass first, then the full pass (loopguard/status says which):
-- the document version each buffer's last full pass was for.
local full_pass = {}
local function on_status(_, result)
  local lint = result and result.lastLint
  if lint and lint.phase == 'full' then full_pass[lint.uri] = lint.version end
end

-- Waits for the full pass on the buffer's current version, and for its push (sent right after the status).
local function wait_full(bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  if not vim.wait(120000, function() return full_pass[uri] ~= nil and full_pass[uri] == vim.lsp.util.buf_versions[bufnr] end, 50) then
    fail('no full pass for ' .. uri)
  end
  vim.wait(300)
end

local function write_results()
  local file = io.open(plan.out, 'w')
  file:write(vim.fn.json_encode(results))
  file:close()
end

local function lsp_diagnostic(d)
  local lsp = (d.user_data or {}).lsp or {}
  return {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    message = d.message,
    severity = d.severity,
    source = d.source,
    code = lsp.code,
  }
end

local function record(file, bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    local related = {}
    for _, r in ipairs(lsp.relatedInformation or {}) do
      table.insert(related, { uri = r.location.uri, line = r.location.range.start.line, message = r.message })
    end
    table.insert(out, {
      lnum = d.lnum, col = d.col, message = d.message, severity = d.severity, source = d.source,
      code = lsp.code, href = (lsp.codeDescription or {}).href, related = related,
    })
  end
  results.diagnostics[file] = out
end

local function open(client_id, file)
  vim.cmd('edit ' .. vim.fn.fnameescape(plan.root .. '/' .. file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  if not vim.wait(120000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100) then
    fail('no diagnostics for ' .. file)
  end
  wait_full(bufnr)
  return bufnr
end

local function apply_action(client, bufnr, step)
  vim.cmd('buffer ' .. bufnr)
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
    if line:sub(d.col + 1, d.col + #step.at) == step.at then target = d end
  end
  if not target then return fail('no diagnostic at ' .. step.at .. ' in ' .. step.file) end
  local diagnostic = lsp_diagnostic(target)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = diagnostic.range, context = { diagnostics = { diagnostic } } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 180000)
  local chosen
  for _, response in pairs(responses or {}) do
    if response.error then fail('codeAction: ' .. vim.inspect(response.error)) end
    for _, action in ipairs(response.result or {}) do
      if not chosen and action.title:find(step.title, 1, true) == 1 then chosen = action end
    end
  end
  if not chosen then return fail('no code action "' .. step.title .. '" at ' .. step.at) end
  if not chosen.edit and chosen.data then
    -- A client that announces resolve support gets the edit from codeAction/resolve.
    local resolved = client.request_sync('codeAction/resolve', chosen, 180000, bufnr)
    if not resolved or resolved.err then return fail('resolve: ' .. vim.inspect(resolved)) end
    chosen = resolved.result
    table.insert(results.resolved_lazily, chosen.title)
  end
  if not chosen.edit then return fail('code action without an edit: ' .. chosen.title) end
  local before = #vim.diagnostic.get(bufnr)
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  vim.cmd('silent! wall')
  table.insert(results.applied, { file = step.file, title = chosen.title })
  -- The server diagnoses the new text: one finding fewer.
  vim.wait(60000, function() return #vim.diagnostic.get(bufnr) < before end, 100)
  wait_full(bufnr)
end

local function main()
  local client_id = vim.lsp.start_client({
    name = 'loopguard',
    cmd = { plan.node, plan.server, '--stdio' },
    root_dir = plan.root,
    workspace_folders = { { uri = vim.uri_from_fname(plan.root), name = 'app' } },
    settings = { loopguard = { severity = 'warning' } },
    handlers = { ['loopguard/status'] = on_status },
  })
  if not client_id then
    fail('the language server did not start')
    return
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local buffers = {}
  for _, file in ipairs(plan.open) do
    buffers[file] = open(client_id, file)
    record(file, buffers[file])
  end
  results.pull_diagnostics = client.server_capabilities.diagnosticProvider ~= nil
  for _, step in ipairs(plan.actions) do
    apply_action(client, buffers[step.file], step)
  end
  for _, file in ipairs(plan.open) do
    results.diagnostics_after = results.diagnostics_after or {}
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buffers[file])) do table.insert(out, d.message) end
    results.diagnostics_after[file] = out
  end
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = xpcall(main, debug.traceback)
    if not ok then fail(tostring(err)) end
    write_results()
    vim.cmd('qa!')
  end,
})
