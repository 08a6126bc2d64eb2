// Neovim as a real LSP client: `nvim --headless` starts the bundled server with
// vim.lsp.start_client, attaches a buffer holding a known error, and records the
// diagnostics it receives and the answer to a completion request. Neovim is installed
// from Debian (`apt-get install -y neovim`) when missing and the tests run as root;
// otherwise the test is skipped with a loud message.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureServerBuilt, ROOT, SERVER } from './client.js';

function hasNvim(): boolean {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

function installNvim(): string | undefined {
  if (hasNvim()) return undefined;
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not root on Linux, cannot apt-get install neovim';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'neovim'], { stdio: 'ignore', env, timeout: 240_000 });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 240_000 });
    const second = install();
    if (second.status !== 0) return `apt-get install neovim failed (exit ${second.status})`;
  }
  return hasNvim() ? undefined : 'neovim is still not on PATH after apt-get install';
}

const skipReason = installNvim();
if (skipReason) {
  process.stderr.write(`\n!!!!!!!! SKIPPING the neovim LSP client test: ${skipReason} !!!!!!!!\n\n`);
}

const TEXT = `facts {
  tpmt: enum { normal, low, absent } "TPMT"
}

rule R-1 "t"
  source "s"
  when tpmt = lo
  then caution azathioprine
`;

const LUA = String.raw`
local out_path, server, root, file = _G.VIGIL_OUT, _G.VIGIL_SERVER, _G.VIGIL_ROOT, _G.VIGIL_FILE
local result = { diagnostics = nil, completion = nil, errors = {} }
local got_diagnostics = false
local client_id = vim.lsp.start_client({
  name = 'vigil',
  cmd = { 'node', server },
  root_dir = root,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
      if params and params.uri == vim.uri_from_fname(file) and #params.diagnostics > 0 then
        result.diagnostics = params.diagnostics
        got_diagnostics = true
      end
    end,
  },
  on_error = function(code, err) table.insert(result.errors, tostring(code) .. ' ' .. tostring(err)) end,
})
if not client_id then
  table.insert(result.errors, 'start_client failed')
else
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'vigil'
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  vim.wait(15000, function() return got_diagnostics end, 50)
  local client = vim.lsp.get_client_by_id(client_id)
  -- Completion after "tpmt = " on line 7 (0-based 6), replacing "lo".
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 6, character = 16 } }
  local resp = client and client.request_sync('textDocument/completion', params, 10000, bufnr)
  if resp and resp.result then
    local items = resp.result.items or resp.result
    result.completion = {}
    for _, item in ipairs(items) do table.insert(result.completion, item.label) end
  elseif resp and resp.err then
    table.insert(result.errors, vim.inspect(resp.err))
  else
    table.insert(result.errors, 'no completion response')
  end
  if client then client.stop() end
end
local f = io.open(out_path, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qa!')
`;

describe.skipIf(skipReason !== undefined)('neovim as an LSP client', () => {
  beforeAll(async () => {
    await ensureServerBuilt();
  }, 60_000);

  test('diagnostics arrive with the right range, and completion answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-nvim-'));
    try {
      const file = join(dir, 'main.vigil');
      writeFileSync(file, TEXT);
      const out = join(dir, 'out.json');
      const lua = join(dir, 'client.lua');
      writeFileSync(lua, LUA);
      const globals = `lua _G.VIGIL_OUT=${JSON.stringify(out)} _G.VIGIL_SERVER=${JSON.stringify(SERVER)} _G.VIGIL_ROOT=${JSON.stringify(dir)} _G.VIGIL_FILE=${JSON.stringify(file)}`;
      execFileSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', globals, '-c', `luafile ${lua}`], {
        cwd: dir,
        timeout: 45_000,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      });
      const result = JSON.parse(readFileSync(out, 'utf8')) as {
        diagnostics?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code?: string; message: string }[];
        completion?: string[];
        errors: string[];
      };
      expect(result.errors).toEqual([]);
      const d = result.diagnostics?.find((x) => x.code === 'VGL2005');
      expect(d, JSON.stringify(result.diagnostics)).toBeDefined();
      // "lo" on line 7 (0-based 6), columns 14-16.
      expect(d!.range).toEqual({ start: { line: 6, character: 14 }, end: { line: 6, character: 16 } });
      expect(result.completion).toEqual(expect.arrayContaining(['low', 'normal', 'absent']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The Lua recipe of packages/lsp/README.md, with the path of the server built here. */
function readmeRecipe(): string {
  const readme = readFileSync(join(ROOT, 'packages/lsp/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Neovim'));
  const m = /```lua\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('no Lua recipe in the Neovim section of packages/lsp/README.md');
  expect(m[1]).toContain('/path/to/vigil/packages/lsp/dist/server.mjs');
  return m[1]!.replace('/path/to/vigil/packages/lsp/dist/server.mjs', SERVER);
}

const RECIPE_LUA = String.raw`
local out_path, dir = _G.VIGIL_OUT, _G.VIGIL_DIR
local result = { errors = {} }
local function vigil_clients()
  local n = 0
  for _, c in pairs(vim.lsp.get_active_clients()) do if c.name == 'vigil' then n = n + 1 end end
  return n
end
local function labels(resp)
  if not resp then return nil end
  if resp.err then table.insert(result.errors, vim.inspect(resp.err)) return nil end
  local items = resp.result and (resp.result.items or resp.result) or {}
  local out = {}
  for _, item in ipairs(items) do table.insert(out, item.label) end
  return out
end
local ok, err = pcall(function()
  local bufs = {}
  for _, name in ipairs({ 'a.vigil', 'b.vigil', 'c.vigil' }) do
    vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/' .. name))
    bufs[name] = vim.api.nvim_get_current_buf()
  end
  -- A new file that does not exist yet, then Enter and a letter.
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/new.vigil'))
  local new = vim.api.nvim_get_current_buf()
  vim.wait(15000, function() return #vim.diagnostic.get(bufs['a.vigil']) > 0 end, 50)
  vim.wait(500)
  result.clients = vigil_clients()
  result.attached_new = #vim.tbl_keys(vim.lsp.buf_get_clients(new))
  result.diagnostics_a = #vim.diagnostic.get(bufs['a.vigil'])
  local client
  for _, c in pairs(vim.lsp.get_active_clients()) do if c.name == 'vigil' then client = c end end
  local uri = vim.uri_from_bufnr(new)
  result.empty = labels(client.request_sync('textDocument/completion', { textDocument = { uri = uri }, position = { line = 0, character = 0 } }, 5000, new))
  vim.api.nvim_buf_set_lines(new, 0, -1, false, { '', 'r' })
  result.after_enter = labels(client.request_sync('textDocument/completion', { textDocument = { uri = uri }, position = { line = 1, character = 1 } }, 5000, new))
  local hover = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = 0, character = 0 } }, 5000, new)
  result.alive = hover ~= nil and hover.err == nil
end)
if not ok then table.insert(result.errors, tostring(err)) end
local f = io.open(out_path, 'w')
f:write(vim.fn.json_encode(result))
f:close()
for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
vim.cmd('qa!')
`;

describe.skipIf(skipReason !== undefined)('the README recipe in neovim', () => {
  beforeAll(async () => {
    await ensureServerBuilt();
  }, 60_000);

  test('one client per folder for all its buffers; a new empty file gets completion after Enter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-nvim-recipe-'));
    try {
      writeFileSync(join(dir, 'a.vigil'), TEXT);
      writeFileSync(join(dir, 'b.vigil'), 'rule R-2 "t"\n  source "s"\n  when tpmt = low\n  then caution azathioprine\n');
      writeFileSync(join(dir, 'c.vigil'), '// nothing yet\n');
      const init = join(dir, 'init.lua');
      writeFileSync(init, readmeRecipe());
      const lua = join(dir, 'client.lua');
      writeFileSync(lua, RECIPE_LUA);
      const out = join(dir, 'out.json');
      const globals = `lua _G.VIGIL_OUT=${JSON.stringify(out)} _G.VIGIL_DIR=${JSON.stringify(dir)}`;
      execFileSync('nvim', ['--headless', '-u', init, '-i', 'NONE', '-n', '-c', globals, '-c', `luafile ${lua}`], {
        cwd: dir,
        timeout: 60_000,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      });
      const result = JSON.parse(readFileSync(out, 'utf8')) as { errors: string[]; clients: number; attached_new: number; diagnostics_a: number; empty?: string[]; after_enter?: string[]; alive: boolean };
      expect(result.errors).toEqual([]);
      expect(result.clients).toBe(1);
      expect(result.attached_new).toBe(1);
      // One error in a.vigil ('lo'), shown once: not once per buffer.
      expect(result.diagnostics_a).toBe(1);
      expect(result.empty).toEqual(expect.arrayContaining(['rule', 'facts']));
      expect(result.after_enter).toEqual(expect.arrayContaining(['rule']));
      expect(result.alive).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
