// A test sign-in: open `url` in a popup, then read the result by `id`.
export class SsoTestStartDto {
  id: string;
  url: string;
}
