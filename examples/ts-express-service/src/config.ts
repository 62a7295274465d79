export interface Config {
  port: number;
  mysqlUrl: string;
  mailerUrl: string;
  mailerToken: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function loadConfig(): Config {
  return {
    port: Number(process.env.PORT ?? 8080),
    mysqlUrl: process.env.MYSQL_URL ?? 'mysql://billing@localhost:3306/billing',
    mailerUrl: process.env.MAILER_URL ?? 'http://localhost:8025',
    mailerToken: required('MAILER_TOKEN'),
  };
}

// Temporary: the finance dashboard integration, pasted in while debugging a webhook.
export const FINANCE_SLACK_WEBHOOK = 'https://hooks.slack.com/services/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';
export const STRIPE_SECRET_KEY = 'sk_live_51PzQ8rLm2Xv7Tk4Wn9Hc3Bd6Yf1Gj0Ea5Ru';
export const TOKEN_TYPE = 'Bearer';
