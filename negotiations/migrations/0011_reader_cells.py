"""The readers' CSV cells of each statement, kept by PostgreSQL (see negotiations/exports/cells.py).

Two tables and the triggers that keep the first one true:
- negotiations_statement_stamp: per statement, a number from a sequence, replaced by every
  write to what a reader's CSV cells of the statement are made of (the statement, its reports,
  their sources, its speaker, its party), in the writing transaction;
- negotiations_reader_cells: the cells as an export computed them, with the stamp it read. A
  row counts only while its stamp is the statement's stamp; anything else is computed afresh.

On other databases nothing is created: the portable CSV writer reads the tables themselves.
"""

from django.db import migrations

CREATE = """
CREATE SEQUENCE negotiations_stamp_seq;

CREATE TABLE negotiations_statement_stamp (
    statement_id bigint PRIMARY KEY,
    stamp bigint NOT NULL
);

CREATE TABLE negotiations_reader_cells (
    statement_id bigint PRIMARY KEY,
    stamp bigint NOT NULL,
    recipe text NOT NULL,
    stands boolean NOT NULL,
    said_on date NOT NULL,
    publishers text NOT NULL,
    line text NOT NULL
);

-- A new stamp for each of these statements; taken in id order, so that two transactions
-- restamping the same statements wait for each other instead of deadlocking.
CREATE FUNCTION negotiations_restamp(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO negotiations_statement_stamp (statement_id, stamp)
    SELECT id, nextval('negotiations_stamp_seq')
    FROM (SELECT DISTINCT id FROM unnest(ids) AS changed(id) WHERE id IS NOT NULL) AS changed
    ORDER BY id
    ON CONFLICT (statement_id) DO UPDATE SET stamp = EXCLUDED.stamp
$$;

CREATE FUNCTION negotiations_statements_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM negotiations_statement_stamp WHERE statement_id IN (SELECT id FROM old_rows);
        DELETE FROM negotiations_reader_cells WHERE statement_id IN (SELECT id FROM old_rows);
    ELSE
        PERFORM negotiations_restamp(ARRAY(SELECT id FROM new_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION negotiations_reports_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM negotiations_restamp(ARRAY(SELECT statement_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM negotiations_restamp(ARRAY(
            SELECT statement_id FROM new_rows UNION SELECT statement_id FROM old_rows
        ));
    ELSE
        PERFORM negotiations_restamp(ARRAY(SELECT statement_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION negotiations_sources_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM negotiations_restamp(ARRAY(
        SELECT a.statement_id
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        JOIN negotiations_attestation a ON a.source_id = n.id
        WHERE (n.publisher, n.title, n.url, n.status)
            IS DISTINCT FROM (o.publisher, o.title, o.url, o.status)
    ));
    RETURN NULL;
END
$$;

-- A person's name is the line of each statement they spoke; a party's, of each statement of
-- it that names neither speaker nor attribution (restamped all the same: renames are rare).
CREATE FUNCTION negotiations_names_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM negotiations_restamp(ARRAY(
        SELECT st.id
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        JOIN negotiations_statement st ON n.id = CASE TG_TABLE_NAME
            WHEN 'parties_person' THEN st.speaker_id ELSE st.party_id END
        WHERE n.name IS DISTINCT FROM o.name
    ));
    RETURN NULL;
END
$$;

CREATE FUNCTION negotiations_cells_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE negotiations_reader_cells;
    RETURN NULL;
END
$$;

CREATE TRIGGER negotiations_statement_inserted AFTER INSERT ON negotiations_statement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_statements_written();
CREATE TRIGGER negotiations_statement_updated AFTER UPDATE ON negotiations_statement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_statements_written();
CREATE TRIGGER negotiations_statement_deleted AFTER DELETE ON negotiations_statement
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_statements_written();

CREATE TRIGGER negotiations_attestation_inserted AFTER INSERT ON negotiations_attestation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_reports_written();
CREATE TRIGGER negotiations_attestation_updated AFTER UPDATE ON negotiations_attestation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_reports_written();
CREATE TRIGGER negotiations_attestation_deleted AFTER DELETE ON negotiations_attestation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_reports_written();

CREATE TRIGGER negotiations_source_updated AFTER UPDATE ON negotiations_source
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_sources_written();
CREATE TRIGGER parties_person_updated AFTER UPDATE ON parties_person
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_names_written();
CREATE TRIGGER parties_party_updated AFTER UPDATE ON parties_party
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_names_written();

CREATE TRIGGER negotiations_statement_truncated AFTER TRUNCATE ON negotiations_statement
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_cells_emptied();
CREATE TRIGGER negotiations_attestation_truncated AFTER TRUNCATE ON negotiations_attestation
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_cells_emptied();
CREATE TRIGGER negotiations_source_truncated AFTER TRUNCATE ON negotiations_source
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_cells_emptied();
CREATE TRIGGER parties_person_truncated AFTER TRUNCATE ON parties_person
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_cells_emptied();
CREATE TRIGGER parties_party_truncated AFTER TRUNCATE ON parties_party
    FOR EACH STATEMENT EXECUTE FUNCTION negotiations_cells_emptied();

INSERT INTO negotiations_statement_stamp (statement_id, stamp)
SELECT id, nextval('negotiations_stamp_seq') FROM negotiations_statement ORDER BY id;
"""

DROP = """
DROP TRIGGER negotiations_statement_inserted ON negotiations_statement;
DROP TRIGGER negotiations_statement_updated ON negotiations_statement;
DROP TRIGGER negotiations_statement_deleted ON negotiations_statement;
DROP TRIGGER negotiations_attestation_inserted ON negotiations_attestation;
DROP TRIGGER negotiations_attestation_updated ON negotiations_attestation;
DROP TRIGGER negotiations_attestation_deleted ON negotiations_attestation;
DROP TRIGGER negotiations_source_updated ON negotiations_source;
DROP TRIGGER parties_person_updated ON parties_person;
DROP TRIGGER parties_party_updated ON parties_party;
DROP TRIGGER negotiations_statement_truncated ON negotiations_statement;
DROP TRIGGER negotiations_attestation_truncated ON negotiations_attestation;
DROP TRIGGER negotiations_source_truncated ON negotiations_source;
DROP TRIGGER parties_person_truncated ON parties_person;
DROP TRIGGER parties_party_truncated ON parties_party;
DROP FUNCTION negotiations_statements_written();
DROP FUNCTION negotiations_reports_written();
DROP FUNCTION negotiations_sources_written();
DROP FUNCTION negotiations_names_written();
DROP FUNCTION negotiations_cells_emptied();
DROP FUNCTION negotiations_restamp(bigint[]);
DROP TABLE negotiations_reader_cells;
DROP TABLE negotiations_statement_stamp;
DROP SEQUENCE negotiations_stamp_seq;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)  # no parameters: one simple query, several commands

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0010_orderings_end_in_id"),
    ]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
