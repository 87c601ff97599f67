import { LoginForm } from '@/components/auth/login-form';
import { authConfig, authRequired } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const required = authRequired(authConfig());
  return (
    <div className="shell" style={{ maxWidth: 420, paddingTop: 80 }}>
      <div className="card stack">
        <h1>Merchant recommendations</h1>
        {required ? (
          <LoginForm next={next ?? '/performance'} />
        ) : (
          <p className="subtle">
            This dashboard is open: no password is set. <a href="/performance">Go to the dashboard</a>.
          </p>
        )}
      </div>
    </div>
  );
}
