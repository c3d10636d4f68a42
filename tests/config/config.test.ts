import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';

describe('configuration from the environment', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info', IDLE_TIMEOUT_MS: 100_000 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_SCHEMA', 'Robert"); drop table users;--'],
    ['ALLOW_NULL_ORIGIN', 'maybe'],
    ['PUBLIC_URL', 'chat.example.com'],
    ['PUBLIC_URL', 'ftp://chat.example.com'],
    ['PUBLIC_URL', 'https://chat.example.com/chat'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example', ALLOW_NULL_ORIGIN: 'true' });
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.ALLOW_NULL_ORIGIN).toBe(true);
  });

  it('keeps PUBLIC_URL as an origin: lower-case, without a default port or trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'HTTPS://Chat.Example.com:443/' }).PUBLIC_URL).toBe('https://chat.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080' }).PUBLIC_URL).toBe('http://10.0.0.5:8080');
  });
});
