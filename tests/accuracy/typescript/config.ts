import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Environment = 'development' | 'staging' | 'production';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  password?: string;
}

export interface AppConfig {
  env: Environment;
  port: number;
  database: DatabaseConfig;
  jwt: { secret: string; issuer: string; tokenType: string; expiresIn: string };
  mail: { host: string; user: string; password: string };
  github: { appId: string; privateKeyPath: string; webhookSecret: string };
}

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function loadConfig(): AppConfig {
  return {
    env: (process.env.NODE_ENV as Environment) ?? 'development',
    port: Number(env('PORT', '3000')),
    database: {
      url: env('DATABASE_URL', 'postgres://app@localhost:5432/app'),
      poolSize: Number(env('DB_POOL_SIZE', '10')),
      password: process.env.DB_PASSWORD,
    },
    jwt: {
      secret: env('JWT_SECRET'),
      issuer: 'accounts.example.com',
      tokenType: 'Bearer',
      expiresIn: '15m',
    },
    mail: {
      host: env('SMTP_HOST', 'localhost'),
      user: env('SMTP_USER', 'mailer'),
      password: env('SMTP_PASSWORD', ''),
    },
    github: {
      appId: env('GITHUB_APP_ID', '0'),
      privateKeyPath: env('GITHUB_PRIVATE_KEY_PATH', join(__dirname, 'github.pem')),
      webhookSecret: env('GITHUB_WEBHOOK_SECRET', 'changeme'),
    },
  };
}

export const stagingOverrides: Partial<AppConfig> = {
  mail: {
    host: 'smtp.staging.example.com',
    user: 'staging-mailer',
    // expect: secret
    password: 'S7g!mQ4xLr9#Wt2Kp',
  },
};

// expect: secret
export const GITLAB_DEPLOY_TOKEN = 'glpat-Xr7Lm2Qz9Vw4Kt8Nb3Pc';
// expect: secret
export const ANTHROPIC_API_KEY = 'sk-ant-api03-Qm8Xr2Lz7Vw4Kt9Nb3Pc6Hd1Fy5Gj0Ea8Ts2Ru4Mx7Lv9Zq3Wn6Bk1Jc5Hf8Dy2Gp4Ts7Ua0Ri3Le-Wq9XzQAA';
export const ANTHROPIC_MODEL = 'claude-sonnet-4-5';

// expect: secret
const serviceJwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcmRlcnMtc2VydmljZSIsInJvbGUiOiJpbnRlcm5hbCIsImlhdCI6MTcxNjIzOTAyMn0.kX9mQ2rLz7Vw4Tt8Nb3Pc6Hd1Fy5Gj0Ea8Ts2Ru4M';

export const SIGNING_KEY_PEM = [
  // expect: secret
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vf3kQ8mRz2Lx',
  'p9Wn4Tk7Yb2Hc6Qd1Fs5Gj0Ea8Ts2Ru4Mx7Lv9Zq3Wn6Bk1Jc5Hf8Dy2Gp4Ts7Ua0',
  '-----END PRIVATE KEY-----',
].join('\n');

export const JWKS_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq7Vf3kQ8mRz2Lxp9Wn4Tk7Yb2Hc6Qd1F
s5Gj0Ea8Ts2Ru4Mx7Lv9Zq3Wn6Bk1Jc5Hf8Dy2Gp4Ts7Ua0Ri3LeWq9XzQ==
-----END PUBLIC KEY-----`;

export const internalHeaders = (): Record<string, string> => ({
  'content-type': 'application/json',
  authorization: `Bearer ${serviceJwt}`,
});

export const templates = {
  forgotPassword: 'Enter your password to continue',
  tokenExpired: 'Your access token has expired',
  secretLabel: 'Client secret',
  apiKeyPlaceholder: 'sk-...',
};

export const examples = {
  password: '<password>',
  apiKey: 'YOUR_API_KEY_HERE',
  secret: '${CLIENT_SECRET}',
  token: '********',
};

export const cookieNames = {
  sessionToken: 'app_session',
  csrfToken: 'app_csrf',
  refreshToken: 'app_refresh',
};

export function readSecretFile(name: string): string {
  const secretPath = join('/run/secrets', name);
  return readFileSync(secretPath, 'utf8').trim();
}

export class StripeSettings {
  readonly apiVersion = '2024-06-20';
  readonly publishableKey = process.env.STRIPE_PUBLISHABLE_KEY ?? '';
  // expect: secret
  private readonly secretKey = 'rk_live_51Mz8Xr2Lq7Vw4Kt9Nb3Pc6Hd1Fy5Gj0E';

  authHeader(): string {
    return `Bearer ${this.secretKey}`;
  }
}

export class SearchClient {
  constructor(
    private readonly baseUrl = process.env.SEARCH_URL ?? 'http://localhost:9200',
    // expect: secret
    private readonly apiKey = 'srch_live_Vq7Xm2Lr9Kz4Wt8Nb3Pc6Hd1',
  ) {}

  headers(): Record<string, string> {
    return { authorization: `ApiKey ${this.apiKey}`, 'x-base': this.baseUrl };
  }
}

export const slackWebhooks: Record<Environment, string | undefined> = {
  development: undefined,
  staging: process.env.SLACK_WEBHOOK_STAGING,
  // expect: secret
  production: 'https://hooks.slack.com/services/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',
};

export const passwordPolicy = { minLength: 12, requireDigit: true, hashAlgorithm: 'argon2id' };
export const secretsManagerArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/app/db-AbCdEf';
