import { AccountSchema } from './entities/account.entity';
import { EmailTokenSchema } from './entities/email-token.entity';
import { PasswordResetRequestSchema } from './entities/password-reset-request.entity';
import { RefreshTokenSchema } from './entities/refresh-token.entity';
import { SessionSchema } from './entities/session.entity';
import { SigningKeySchema } from './entities/signing-key.entity';
import { migrations } from './migrations';

export const entities = [AccountSchema, SessionSchema, RefreshTokenSchema, SigningKeySchema, EmailTokenSchema, PasswordResetRequestSchema];
export { migrations };
