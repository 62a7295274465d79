import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class DbService {
  private readonly logger = new Logger(DbService.name);

  constructor(private readonly dataSource: DataSource) {}

  async select<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.logger.debug(sql);
    return this.dataSource.query(sql, params);
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    const result = await this.dataSource.query(sql, params);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
