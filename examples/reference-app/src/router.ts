import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession } from './stores/session';

// Every page but the guest-only ones (sign-in, sign-up, password reset) needs a session; pages are lazy-loaded so
// the first paint stays small.
const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/SignIn.vue'),
    meta: { guest: true, title: 'nav.signIn' },
  },
  {
    path: '/signup',
    name: 'signup',
    component: () => import('./views/SignUp.vue'),
    meta: { guest: true, title: 'signup.title' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('./views/ForgotPassword.vue'),
    meta: { guest: true, title: 'reset.requestTitle' },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('./views/ResetPassword.vue'),
    meta: { guest: true, title: 'reset.title' },
  },
  {
    path: '/',
    name: 'dashboard',
    component: () => import('./views/DashboardView.vue'),
    meta: { title: 'nav.dashboard' },
  },
  {
    path: '/catalog',
    name: 'catalog',
    component: () => import('./views/CatalogView.vue'),
    meta: { title: 'nav.catalog' },
  },
  {
    path: '/releases/new',
    name: 'release-new',
    component: () => import('./views/ReleaseWizard.vue'),
    meta: { title: 'wizard.title' },
  },
  {
    path: '/releases/:id/edit',
    name: 'release-edit',
    component: () => import('./views/ReleaseWizard.vue'),
    props: true,
    meta: { title: 'wizard.edit' },
  },
  {
    path: '/releases/:id',
    name: 'release',
    component: () => import('./views/ReleaseDetail.vue'),
    props: true,
    meta: { title: 'release.title' },
  },
  {
    path: '/validations/:id',
    name: 'validation',
    component: () => import('./views/ValidationReport.vue'),
    props: true,
    meta: { title: 'validation.title' },
  },
  {
    path: '/targets',
    name: 'targets',
    component: () => import('./views/TargetsView.vue'),
    meta: { title: 'nav.targets' },
  },
  {
    path: '/deliveries',
    name: 'deliveries',
    component: () => import('./views/DeliveriesView.vue'),
    meta: { title: 'nav.deliveries' },
  },
  {
    path: '/deliveries/new',
    name: 'delivery-new',
    component: () => import('./views/NewDelivery.vue'),
    meta: { title: 'delivery.new' },
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('./views/SettingsView.vue'),
    meta: { title: 'nav.settings' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFound.vue'),
    meta: { title: 'notFound.title' },
  },
];

/** The router with the session guard: unauthenticated users go to sign-in and come back to the page they asked for. */
export function buildRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach(async (to) => {
    const session = useSession();
    const signedIn = (await session.load()) !== null;
    if (to.meta.guest) return signedIn ? { path: typeof to.query.next === 'string' ? to.query.next : '/' } : true;
    if (!signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    return true;
  });
  return router;
}
