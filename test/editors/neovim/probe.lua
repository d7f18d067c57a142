-- Test-only: wait (bounded) for diagnostics in the current buffer, write them as JSON, quit.
local out = vim.env.STAGECRAFT_PROBE_OUT
local found = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local result = { found = found, clients = #vim.lsp.get_active_clients(), diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, source = d.source, severity = d.severity, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) })
end
local file = io.open(out, 'w')
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
