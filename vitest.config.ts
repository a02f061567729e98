import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests pin the clock's zone; reports are dated in China.
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
