// Runs the @nestjs/swagger compiler plugin inside ts-jest, as `nest build` does.
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'hotleads-swagger-plugin';
module.exports.version = 1;
module.exports.factory = (compiler) =>
  plugin.before({ introspectComments: true, classValidatorShim: true }, compiler.program);
