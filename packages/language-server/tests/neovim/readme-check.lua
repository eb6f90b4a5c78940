-- Appended to the README's Neovim setup snippet by tests/neovim.test.ts: waits for loopguard's diagnostics
-- in the buffer opened from the command line, writes how many arrived, and quits.
-- The server answers with a quick pass, then the full pass (which adds chains into other files): wait for the
-- full pass (loopguard/status says which pass each lint was), then for its push, sent right after.
local full_done = false
vim.lsp.handlers['loopguard/status'] = function(_, result)
  if result and result.lastLint and result.lastLint.phase == 'full' then full_done = true end
end
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.wait(180000, function() return full_done and #vim.diagnostic.get(0) > 0 end, 100)
    vim.wait(300)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(out, { message = d.message, source = d.source }) end
    local file = io.open(os.getenv('LG_OUT'), 'w')
    file:write(vim.fn.json_encode({ diagnostics = out, clients = #vim.tbl_keys(vim.lsp.buf_get_clients(0)) }))
    file:close()
    for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
    vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
    vim.cmd('qa!')
  end,
})
