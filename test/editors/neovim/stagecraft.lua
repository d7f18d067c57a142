-- Stagecraft's language server for Dockerfiles, with Neovim's built-in LSP client (0.7 and later).
-- Point STAGECRAFT_SERVER at dist/server.js of a Stagecraft checkout or unpacked .vsix.
local server = vim.env.STAGECRAFT_SERVER or vim.fn.expand('~/.local/share/stagecraft/dist/server.js')

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'dockerfile',
  callback = function(args)
    local config = {
      name = 'stagecraft',
      cmd = { 'node', server, '--stdio' },
      root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h'),
    }
    if vim.lsp.start then -- Neovim 0.8+
      vim.lsp.start(config, { bufnr = args.buf })
    else -- Neovim 0.7
      vim.lsp.buf_attach_client(args.buf, vim.lsp.start_client(config))
    end
  end,
})
