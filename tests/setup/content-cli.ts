// `npm run content -- …` in this process, as a test runs it: a fresh copy of the CLI (it reads BCECC_CONTENT_DIR and
// the like when it loads), with the environment given (`without` takes keys out first), and what it printed.

export async function runContentCli(
  args: string[],
  env: Record<string, string>,
  without: RegExp = /^$/,
): Promise<{ code: number; out: string }> {
  const saved = process.env
  process.env = { ...Object.fromEntries(Object.entries(saved).filter(([key]) => !without.test(key))), ...env }
  const lines: string[] = []
  const keep = (...a: unknown[]): void => void lines.push(a.join(' '))
  const out = jest.spyOn(console, 'log').mockImplementation(keep)
  const err = jest.spyOn(console, 'error').mockImplementation(keep)
  try {
    let code = -1
    await jest.isolateModulesAsync(async () => {
      const { main } = await import('../../scripts/content')
      code = await main(args)
    })
    return { code, out: lines.join('\n') }
  } finally {
    out.mockRestore()
    err.mockRestore()
    process.env = saved
  }
}
