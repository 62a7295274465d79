import mysql, { RowDataPacket } from 'mysql2/promise';

export type SqlParam = string | number | null;

export const pool = mysql.createPool({
  uri: process.env.DATABASE_URL,
  connectionLimit: 10,
});

export async function runSql(sql: string): Promise<RowDataPacket[]> {
  const [rows] = await pool.query<RowDataPacket[]>(sql);
  return rows;
}

export async function runSqlWithParams(sql: string, params: SqlParam[]): Promise<RowDataPacket[]> {
  const [rows] = await pool.execute<RowDataPacket[]>(sql, params);
  return rows;
}
