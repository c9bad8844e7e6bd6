import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { Role } from '../users/role.entity';

// Kinds of identity provider a workspace can sign in through. Only OpenID Connect today; SAML would be
// another value with its own columns beside these.
export const SSO_PROVIDER_TYPES = ['oidc'] as const;
export type SsoProviderType = (typeof SSO_PROVIDER_TYPES)[number];

// A workspace's single sign-on: one per workspace. The client secret is sealed by the credentials vault
// (key id beside it, the connection id as associated data) and never leaves the API.
@Entity('sso_connections')
export class SsoConnection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text', default: 'oidc' })
  providerType: SsoProviderType;

  // Shown on the sign-in button: "Sign in with <displayName>".
  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  issuerUrl: string;

  @Column({ type: 'text' })
  clientId: string;

  @Column({ type: 'text', nullable: true })
  clientSecret: string | null;

  @Column({ type: 'text', nullable: true })
  clientSecretKeyId: string | null;

  // Lower-case domains; an email must end in one of them.
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  allowedDomains: string[];

  // The role a first SSO sign-in gets (just-in-time provisioning); null: only invited users may sign in.
  @Column({ type: 'uuid', nullable: true })
  jitRoleId: string | null;

  @ManyToOne(() => Role, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'jit_role_id' })
  jitRole?: Role;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  // Passwords refused for everyone but owners (whose break-glass password needs MFA).
  @Column({ type: 'boolean', default: false })
  requireSso: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
