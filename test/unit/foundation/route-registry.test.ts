import { RouteRegistry } from '../../../server/http/routes';

const route = { method: 'get', path: '/things/:id', tag: 't', summary: 's', auth: { roles: ['auditor'] }, responses: { 200: { description: 'ok' } } } as const;

// A route registered twice is mounted twice and the first copy answers (a merge once left findings routes wired to a
// service without its hooks): the registry refuses the second registration at start-up instead.
test('the same method and path cannot be registered twice', () => {
  const routes = new RouteRegistry();
  routes.add({ ...route, handler: () => ({}) });
  expect(() => routes.add({ ...route, handler: () => ({}) })).toThrow('GET /things/:id is registered twice');
  routes.add({ ...route, method: 'put', handler: () => ({}) });
  expect(routes.list()).toHaveLength(2);
});
