export const usersCount = (count: number) => (count === 0 ? 'No users' : count === 1 ? '1 user' : `${count} users`);
