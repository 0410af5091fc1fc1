import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type DatabaseMetadata,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

interface ColumnRow {
  schema: string;
  table: string;
  is_view: boolean;
  column: string;
  data_type: string;
  data_type_schema: string;
  is_nullable: boolean;
  has_default: boolean;
  is_identity: boolean;
}

/**
 * Kysely's PostgreSQL introspector, limited to the schemas on the connection's search_path. The stock
 * one reads every schema in the database and calls has_schema_privilege on each name, which fails
 * ("schema does not exist") when another client drops a schema meanwhile; the migrator only needs
 * the tables of the schema it works in.
 */
export class SearchPathIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return rows;
  }

  async getTables(options: Partial<DatabaseMetadataOptions> = {}): Promise<TableMetadata[]> {
    const kyselyTables = options.withInternalKyselyTables
      ? []
      : [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE];
    const { rows } = await sql<ColumnRow>`
      select c.table_schema as schema, c.table_name as table, t.table_type = 'VIEW' as is_view,
             c.column_name as column, c.udt_name as data_type, c.udt_schema as data_type_schema,
             c.is_nullable = 'YES' as is_nullable, c.column_default is not null as has_default,
             c.is_identity = 'YES' or coalesce(c.column_default like 'nextval(%', false) as is_identity
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = any(current_schemas(false)) and c.table_name <> all(${kyselyTables})
      order by c.table_schema, c.table_name, c.ordinal_position`.execute(this.db);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const row of rows) {
      const key = `${row.schema}.${row.table}`;
      let table = tables.get(key);
      if (!table) tables.set(key, (table = { name: row.table, schema: row.schema, isView: row.is_view, columns: [] }));
      table.columns.push({
        name: row.column,
        dataType: row.data_type,
        dataTypeSchema: row.data_type_schema,
        isNullable: row.is_nullable,
        hasDefaultValue: row.has_default,
        isAutoIncrementing: row.is_identity,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: Partial<DatabaseMetadataOptions>): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** PostgreSQL for Kysely, introspecting only the schemas on the search_path. */
export class SearchPathDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}
