'use strict';

const path = require('path');

const env = process.env.NODE_ENV || 'development';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`missing required environment variable ${name}`);
  return value;
}

const database = {
  host: process.env.PGHOST || 'localhost',
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || 'orders',
  password: process.env.PGPASSWORD,
  database: process.env.PGDATABASE || 'orders',
  ssl: env === 'production' ? { rejectUnauthorized: true } : false,
};

const reportingDatabase = {
  // expect: secret
  connectionString: 'postgres://reporting:Hy7Rk2Mx9Pq4Lw8T@reporting.db.internal:5432/warehouse',
};

const localDatabaseUrl = 'postgres://orders@localhost:5432/orders_dev';
const templatedDatabaseUrl = 'postgres://orders:${PGPASSWORD}@db:5432/orders';

const redis = {
  url: process.env.REDIS_URL || 'redis://localhost:6379',
  // expect: secret
  password: 'r3d1s-Pr0d-9xKq2LmW',
  keyPrefix: 'orders:',
};

const aws = {
  region: process.env.AWS_REGION || 'us-east-1',
  // expect: secret
  accessKeyId: 'AKIAQW4RT7YU2IOP3LKX',
  // expect: secret
  secretAccessKey: 'Zx8Cv7Bn6Mq5Wp4Er3Ty2Ui1Op0As9Df8Gh7Jk6',
  bucketName: 'orders-exports',
};

const stripe = {
  // expect: secret
  secretKey: 'sk_live_51Hq7Rk2Mx9Pq4Lw8TzVb3Nc6Yd1Fg5Sj0Ua',
  publishableKey: 'pk_live_51Hq7Rk2Mx9Pq4Lw8TzVb3Nc6Yd1Fg5Sj0Ub',
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || '',
  apiVersion: '2024-06-20',
};

const auth = {
  jwtSecret: required('JWT_SECRET'),
  tokenType: 'Bearer',
  tokenHeader: 'authorization',
  accessTokenTtl: '15m',
  refreshTokenCookie: 'orders_rt',
  passwordMinLength: 12,
  passwordResetPath: '/account/password-reset',
  sessionSecretName: 'orders/session-secret',
};

const google = {
  clientId: '884211937420-q7k3r9m2x5v8b1n4c6z0l2j5h8g3f1d9.apps.googleusercontent.com',
  // expect: secret
  mapsApiKey: 'AIzaSyD4kR7mX2qW9vL3nB8tY5pZ1cH6jF0gE4s',
};

const slack = {
  // expect: secret
  botToken: 'xoxb-2918374650-4829103746512-Rk9Lm2Xq7Vw4Tz8Nc3Pb6Hd1',
  signingSecretEnv: 'SLACK_SIGNING_SECRET',
  channel: '#deploys',
};

// expect: secret
const OPENAI_KEY = 'sk-proj-Qz8Xr4Lm2Vt7Wn9Kb3Pc6Hs1Jd5Fy0GeUa8Tq2Rz4Mx7Lv';

const placeholders = {
  apiKey: '<YOUR_API_KEY>',
  password: 'changeme',
  token: 'xxx',
  secret: '${APP_SECRET}',
  webhookUrl: 'https://hooks.example.com/REPLACE_ME',
};

const messages = {
  passwordPrompt: 'Enter your password',
  tokenExpired: 'Your token has expired. Please sign in again.',
  secretQuestion: 'What was the name of your first pet?',
  apiKeyHint: 'You can create an API key under Settings',
};

const paths = {
  privateKeyPath: path.join(__dirname, 'keys', 'signing.pem'),
  credentialsFile: process.env.GOOGLE_APPLICATION_CREDENTIALS,
  secretsDir: '/run/secrets',
};

const assetHashes = {
  'app.js': 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC',
};

function basicAuthHeader(user, password) {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

function serviceHeaders() {
  return {
    'x-request-source': 'orders',
    // expect: secret
    'x-api-key': 'oz_9Lm4Xq2Vw7Tz1Nc8Pb3Hd6Fk5Rj0Ys',
  };
}

module.exports = {
  env,
  database,
  reportingDatabase,
  localDatabaseUrl,
  templatedDatabaseUrl,
  redis,
  aws,
  stripe,
  auth,
  google,
  slack,
  OPENAI_KEY,
  placeholders,
  messages,
  paths,
  assetHashes,
  basicAuthHeader,
  serviceHeaders,
};
