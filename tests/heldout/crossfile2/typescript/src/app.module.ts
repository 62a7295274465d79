import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DbService } from './database/db.service';
import { InvoiceController } from './invoices/invoice.controller';
import { InvoiceRepository } from './invoices/invoice.repository';
import { InvoiceService } from './invoices/invoice.service';

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [],
      synchronize: false,
    }),
  ],
  controllers: [InvoiceController],
  providers: [DbService, InvoiceRepository, InvoiceService],
})
export class AppModule {}
