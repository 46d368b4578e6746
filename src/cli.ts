export async function main(argv: string[], io: any): Promise<number> { io.stdout.write(process.version + '\n'); return 0; }
