/**
 * Schema version 2: user password hashes, and one named way across tenants for sign-in: a transaction whose
 * `ddex.login_email` is set sees (never writes) the users with exactly that e-mail in every tenant. @internal
 */
export const MIGRATION_002 = `
ALTER TABLE users ADD COLUMN password_hash text;
CREATE INDEX users_email_login ON users (email) WHERE password_hash IS NOT NULL;
DROP POLICY tenant_isolation ON users;
CREATE POLICY tenant_isolation ON users
  USING (tenant_id = current_setting('ddex.tenant_id', true) OR email = current_setting('ddex.login_email', true))
  WITH CHECK (tenant_id = current_setting('ddex.tenant_id', true));
`;
