import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { PrismaClient, Prisma } from '@prisma/client';
import { DataSource, Repository } from 'typeorm';
import { User } from './user.entity';

const USER_COLUMNS = 'id, email, display_name, created_at';
const ALLOWED_SORT: Record<string, string> = { newest: 'created_at DESC', name: 'display_name ASC' };

export interface UserFilter {
  email?: string;
  team?: string;
  sort?: string;
}

@Injectable()
export class UsersRepository {
  private readonly logger = new Logger(UsersRepository.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly prisma: PrismaClient,
  ) {}

  async findById(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new NotFoundException(`user ${id} not found`);
    return user;
  }

  async findByEmail(email: string): Promise<User | null> {
    const rows: User[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [email]);
    return rows[0] ?? null;
  }

  async findByTeamName(team: string): Promise<User[]> {
    // expect: sql-injection
    return this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users u JOIN teams t ON t.id = u.team_id WHERE t.name = '${team}'`);
  }

  async list(filter: UserFilter): Promise<User[]> {
    const orderBy = ALLOWED_SORT[filter.sort ?? 'newest'] ?? ALLOWED_SORT.newest;
    const qb = this.users.createQueryBuilder('user').orderBy(orderBy.split(' ')[0], 'DESC');
    if (filter.email) qb.andWhere('user.email = :email', { email: filter.email });
    if (filter.team) qb.andWhere('user.team_id = :team', { team: filter.team });
    return qb.getMany();
  }

  async listSortedBy(sortColumn: string): Promise<User[]> {
    const query = 'SELECT ' + USER_COLUMNS + ' FROM users ORDER BY ' + sortColumn;
    this.logger.debug(`listing users by ${sortColumn}`);
    // expect: sql-injection
    return this.dataSource.query(query);
  }

  async countActive(since: Date): Promise<number> {
    const rows = await this.prisma.$queryRaw`SELECT count(*) AS n FROM users WHERE last_seen_at > ${since}`;
    const [row] = rows as { n: bigint }[];
    return Number(row.n);
  }

  async searchByDomain(domain: string): Promise<{ id: string }[]> {
    // expect: sql-injection
    return this.prisma.$queryRawUnsafe(`SELECT id FROM users WHERE email LIKE '%@${domain}'`);
  }

  async searchByDomainSafe(domain: string): Promise<{ id: string }[]> {
    return this.prisma.$queryRawUnsafe('SELECT id FROM users WHERE email LIKE $1', `%@${domain}`);
  }

  async deactivate(ids: string[]): Promise<number> {
    return this.prisma.$executeRaw`UPDATE users SET active = false WHERE id IN (${Prisma.join(ids)})`;
  }

  async renameTeam(teamId: string, name: string): Promise<void> {
    const statement = `UPDATE teams SET name = '${name}' WHERE id = '${teamId}'`;
    await this.dataSource.transaction(async (manager) => {
      // expect: sql-injection
      await manager.query(statement);
      await manager.query('INSERT INTO team_events (team_id, kind) VALUES ($1, $2)', [teamId, 'renamed']);
    });
  }

  async auditTrail(userId: string, limit: number): Promise<unknown[]> {
    const sql = [
      'SELECT action, created_at FROM audit_log',
      'WHERE actor_id = $1',
      'ORDER BY created_at DESC',
      'LIMIT $2',
    ].join(' ');
    return this.dataSource.query(sql, [userId, limit]);
  }

  async remove(id: string): Promise<void> {
    try {
      await this.users.delete({ id });
    } catch (error) {
      this.logger.error(`could not delete user ${id}`, error instanceof Error ? error.stack : String(error));
      throw error;
    }
  }

  async touch(id: string): Promise<void> {
    // expect: error-handling
    this.users.update({ id }, { lastSeenAt: new Date() });
  }

  async exists(email: string): Promise<boolean> {
    try {
      return (await this.users.count({ where: { email } })) > 0;
      // expect: error-handling
    } catch {
    }
    return false;
  }

  describeSort(): string {
    return `Select one of: ${Object.keys(ALLOWED_SORT).join(', ')} from the sort menu`;
  }
}

export function buildReportQuery(table: 'users' | 'teams'): string {
  return `SELECT count(*) FROM ${table}`;
}
